kbSearch.words("w2q-8",{"biaoqian":1});
