kbSearch.words("w32-7",{"nothing":1,"numbers":1});
