kbSearch.words("w2q-8",{"bajituan":1});
