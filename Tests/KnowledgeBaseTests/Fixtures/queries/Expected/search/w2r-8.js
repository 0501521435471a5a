kbSearch.words("w2r-8",{"compared":2});
