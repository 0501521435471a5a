kbSearch.words("w2r-5",{"ceshi":1});
