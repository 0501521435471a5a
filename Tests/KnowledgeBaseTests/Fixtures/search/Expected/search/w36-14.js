kbSearch.words("w36-14",{"ruantishouquan":1});
