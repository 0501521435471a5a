kbSearch.words("w35-9",{"quadratic":2});
