kbSearch.words("w2r-7",{"callout":1});
