kbSearch.words("w3e-13",{"zijietiaodong":1});
