kbSearch.words("w2p-5",{"alert":2,"alias":2});
