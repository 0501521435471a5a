kbSearch.words("w2t-10",{"expression":2});
