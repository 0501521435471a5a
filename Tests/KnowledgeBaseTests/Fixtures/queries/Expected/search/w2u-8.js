kbSearch.words("w2u-8",{"filtered":1});
