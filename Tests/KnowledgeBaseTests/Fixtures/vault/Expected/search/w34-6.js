kbSearch.words("w34-6",{"plants":1});
