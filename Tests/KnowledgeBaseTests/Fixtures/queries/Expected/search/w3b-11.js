kbSearch.words("w3b-11",{"wuyuzhengze":1});
