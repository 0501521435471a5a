kbSearch.words("w2r-7",{"compare":1});
