kbSearch.words("w2u-7",{"formula":2});
