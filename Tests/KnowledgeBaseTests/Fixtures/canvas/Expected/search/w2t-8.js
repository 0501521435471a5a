kbSearch.words("w2t-8",{"embedded":1});
