kbSearch.words("w2s-12",{"discriminant":1});
