kbSearch.words("w2y-6",{"jituan":1});
