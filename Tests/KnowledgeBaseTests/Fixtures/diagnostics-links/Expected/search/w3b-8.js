kbSearch.words("w3b-8",{"wangjian":2});
