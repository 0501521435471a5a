kbSearch.words("w32-5",{"notid":1});
