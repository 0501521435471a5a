kbSearch.words("w2t-5",{"every":1});
