kbSearch.words("w2q-7",{"becomes":1,"browser":1});
