kbSearch.words("w2y-7",{"jinggao":1});
