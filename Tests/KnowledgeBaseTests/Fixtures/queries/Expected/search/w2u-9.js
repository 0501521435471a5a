kbSearch.words("w2u-9",{"flattened":1});
