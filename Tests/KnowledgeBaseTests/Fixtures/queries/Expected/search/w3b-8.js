kbSearch.words("w3b-8",{"wanxiang":1});
