kbSearch.words("w2w-11",{"highlighted":1});
