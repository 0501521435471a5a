kbSearch.words("w2u-7",{"feitian":1});
