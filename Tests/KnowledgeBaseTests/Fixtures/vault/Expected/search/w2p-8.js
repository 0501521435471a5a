kbSearch.words("w2p-8",{"anywhere":1});
