kbSearch.words("w2u-6",{"fields":3,"filter":2});
