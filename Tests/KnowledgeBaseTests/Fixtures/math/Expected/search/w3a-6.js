kbSearch.words("w3a-6",{"varphi":1});
