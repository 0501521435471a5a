kbSearch.words("w2q-9",{"beiqianru":1});
