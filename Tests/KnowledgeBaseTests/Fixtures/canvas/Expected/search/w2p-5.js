kbSearch.words("w2p-5",{"alert":1,"alpha":2});
