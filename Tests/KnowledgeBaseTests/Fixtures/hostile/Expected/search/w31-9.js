kbSearch.words("w31-9",{"mentioned":1});
