kbSearch.words("w34-9",{"paragraph":2});
