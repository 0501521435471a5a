kbSearch.words("w30-9",{"lagongshi":1});
