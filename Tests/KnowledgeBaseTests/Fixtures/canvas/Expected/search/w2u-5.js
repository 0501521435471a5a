kbSearch.words("w2u-5",{"first":1});
