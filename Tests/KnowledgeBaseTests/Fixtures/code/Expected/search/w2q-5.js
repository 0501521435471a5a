kbSearch.words("w2q-5",{"block":1});
