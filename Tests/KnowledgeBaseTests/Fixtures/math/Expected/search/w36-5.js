kbSearch.words("w36-5",{"roots":1});
