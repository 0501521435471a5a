kbSearch.words("w34-5",{"plain":1});
