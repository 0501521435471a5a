kbSearch.words("w2p-5",{"above":1});
