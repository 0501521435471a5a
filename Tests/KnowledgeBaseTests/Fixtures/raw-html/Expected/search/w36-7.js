kbSearch.words("w36-7",{"removal":1,"removed":2});
