kbSearch.words("w33-5",{"opens":1});
