kbSearch.words("w2r-8",{"confused":1});
