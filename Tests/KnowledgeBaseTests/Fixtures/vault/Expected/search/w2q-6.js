kbSearch.words("w2q-6",{"beside":1,"browse":1});
