kbSearch.words("w2z-5",{"kuang":1});
