kbSearch.words("w34-5",{"pages":1});
