kbSearch.words("w2r-5",{"cloud":1,"const":1});
