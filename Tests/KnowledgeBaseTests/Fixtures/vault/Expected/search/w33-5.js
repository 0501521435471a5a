kbSearch.words("w33-5",{"other":1});
