kbSearch.words("w33-6",{"orders":1});
