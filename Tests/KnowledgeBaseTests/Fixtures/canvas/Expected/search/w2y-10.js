kbSearch.words("w2y-10",{"javascript":1});
