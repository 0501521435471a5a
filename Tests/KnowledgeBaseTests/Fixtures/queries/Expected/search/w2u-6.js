kbSearch.words("w2u-6",{"fields":2,"filter":2});
