kbSearch.words("w2s-7",{"details":1});
