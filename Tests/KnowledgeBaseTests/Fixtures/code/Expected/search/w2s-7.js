kbSearch.words("w2s-7",{"diagram":1,"doubled":1});
