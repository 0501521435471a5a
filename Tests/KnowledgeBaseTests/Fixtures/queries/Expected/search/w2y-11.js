kbSearch.words("w2y-11",{"jietiaodong":1});
