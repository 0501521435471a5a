kbSearch.words("w30-5",{"liang":1,"liyun":1});
