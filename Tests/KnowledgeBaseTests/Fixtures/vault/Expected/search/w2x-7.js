kbSearch.words("w2x-7",{"install":1});
