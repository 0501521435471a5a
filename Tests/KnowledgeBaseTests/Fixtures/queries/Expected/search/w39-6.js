kbSearch.words("w39-6",{"urgent":1});
