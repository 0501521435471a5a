kbSearch.words("w2x-6",{"inline":3});
