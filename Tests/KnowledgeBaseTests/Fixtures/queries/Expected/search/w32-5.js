kbSearch.words("w32-5",{"notes":1});
