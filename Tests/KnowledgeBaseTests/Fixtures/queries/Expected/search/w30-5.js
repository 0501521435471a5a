kbSearch.words("w30-5",{"lacks":1,"limit":1,"links":2,"liyun":1});
