kbSearch.words("w2r-6",{"canvas":3,"colour":1});
