kbSearch.words("w34-5",{"print":1});
