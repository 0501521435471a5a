kbSearch.words("w2s-8",{"download":1});
