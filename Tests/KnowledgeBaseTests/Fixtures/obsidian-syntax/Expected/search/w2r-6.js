kbSearch.words("w2r-6",{"cstdio":1});
