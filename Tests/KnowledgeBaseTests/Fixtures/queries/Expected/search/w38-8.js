kbSearch.words("w38-8",{"tiaodong":1});
