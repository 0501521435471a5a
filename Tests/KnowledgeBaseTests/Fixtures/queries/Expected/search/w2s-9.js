kbSearch.words("w2s-9",{"developer":1,"durations":1});
