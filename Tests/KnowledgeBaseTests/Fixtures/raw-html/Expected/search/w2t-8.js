kbSearch.words("w2t-8",{"emphasis":1,"external":1});
