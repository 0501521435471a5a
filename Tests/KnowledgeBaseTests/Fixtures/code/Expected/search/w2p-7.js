kbSearch.words("w2p-7",{"alibaba":1});
