kbSearch.words("w32-7",{"numbers":1});
