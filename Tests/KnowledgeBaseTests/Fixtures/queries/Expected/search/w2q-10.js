kbSearch.words("w2q-10",{"backtracks":1});
