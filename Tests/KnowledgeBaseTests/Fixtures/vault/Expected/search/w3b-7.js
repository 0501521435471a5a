kbSearch.words("w3b-7",{"welcome":1});
