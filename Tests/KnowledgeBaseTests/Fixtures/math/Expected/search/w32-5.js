kbSearch.words("w32-5",{"notin":1});
