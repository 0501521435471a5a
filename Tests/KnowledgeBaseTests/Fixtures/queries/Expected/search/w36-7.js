kbSearch.words("w36-7",{"regular":1});
