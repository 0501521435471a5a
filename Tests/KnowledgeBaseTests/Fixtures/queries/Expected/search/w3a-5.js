kbSearch.words("w3a-5",{"value":1,"video":1});
