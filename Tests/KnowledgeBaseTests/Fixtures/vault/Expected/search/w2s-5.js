kbSearch.words("w2s-5",{"drawn":1});
