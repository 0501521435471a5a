kbSearch.words("w2q-5",{"begin":1});
