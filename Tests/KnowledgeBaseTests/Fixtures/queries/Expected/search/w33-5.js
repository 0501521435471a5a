kbSearch.words("w33-5",{"order":1});
