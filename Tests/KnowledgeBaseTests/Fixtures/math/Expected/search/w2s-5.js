kbSearch.words("w2s-5",{"ddots":1,"delta":1});
