kbSearch.words("w2p-13",{"alibabajituan":1});
