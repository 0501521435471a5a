kbSearch.words("w34-5",{"paste":1});
