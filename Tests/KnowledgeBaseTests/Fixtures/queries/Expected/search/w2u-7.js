kbSearch.words("w2u-7",{"founded":1});
