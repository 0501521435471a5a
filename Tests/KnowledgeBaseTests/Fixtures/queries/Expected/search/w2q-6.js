kbSearch.words("w2q-6",{"before":1,"budget":1});
