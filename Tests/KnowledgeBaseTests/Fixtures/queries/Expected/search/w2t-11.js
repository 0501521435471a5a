kbSearch.words("w2t-11",{"expressions":2});
