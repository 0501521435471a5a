kbSearch.words("w30-5",{"links":1});
