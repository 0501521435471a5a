kbSearch.words("w2q-10",{"babajituan":1});
