kbSearch.words("w2q-6",{"broken":1});
