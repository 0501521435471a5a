kbSearch.words("w2r-5",{"cdots":1});
