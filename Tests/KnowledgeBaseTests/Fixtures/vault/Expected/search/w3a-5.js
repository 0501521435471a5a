kbSearch.words("w3a-5",{"vault":1});
