kbSearch.words("w2q-5",{"bases":1});
