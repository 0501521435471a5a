kbSearch.words("w2t-7",{"example":1});
