kbSearch.words("w3c-11",{"xingqingdan":1});
