kbSearch.words("w2s-5",{"dahui":1});
