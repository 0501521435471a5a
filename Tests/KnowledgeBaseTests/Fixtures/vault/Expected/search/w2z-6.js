kbSearch.words("w2z-6",{"kotlin":2});
