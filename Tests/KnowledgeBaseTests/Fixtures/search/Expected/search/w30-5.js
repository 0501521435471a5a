kbSearch.words("w30-5",{"liyun":1});
