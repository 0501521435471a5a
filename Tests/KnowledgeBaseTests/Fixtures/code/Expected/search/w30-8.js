kbSearch.words("w30-8",{"language":1});
