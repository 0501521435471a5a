kbSearch.words("w37-8",{"shouquan":1});
