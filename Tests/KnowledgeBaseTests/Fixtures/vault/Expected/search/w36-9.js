kbSearch.words("w36-9",{"reference":1});
