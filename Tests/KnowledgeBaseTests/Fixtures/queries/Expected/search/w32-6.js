kbSearch.words("w32-6",{"nested":1,"newest":1});
