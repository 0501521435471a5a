kbSearch.words("w34-6",{"python":1});
