kbSearch.words("w2t-5",{"empty":1});
