kbSearch.words("w34-7",{"pattern":1});
