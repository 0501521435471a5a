kbSearch.words("w2t-9",{"embedding":1});
