kbSearch.words("w2z-5",{"keeps":1});
