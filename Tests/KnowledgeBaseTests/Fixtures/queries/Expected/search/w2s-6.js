kbSearch.words("w2s-6",{"doubao":1});
