kbSearch.words("w3c-5",{"xiang":1});
