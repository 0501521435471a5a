kbSearch.words("w2u-7",{"faceshi":1});
