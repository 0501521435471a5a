kbSearch.words("w2x-6",{"inside":1});
