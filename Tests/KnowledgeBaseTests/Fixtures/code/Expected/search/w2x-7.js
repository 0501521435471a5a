kbSearch.words("w2x-7",{"include":1});
