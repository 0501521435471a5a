kbSearch.words("w2s-5",{"dates":1});
