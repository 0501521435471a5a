kbSearch.words("w37-7",{"servers":1});
