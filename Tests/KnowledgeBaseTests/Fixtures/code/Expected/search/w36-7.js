kbSearch.words("w36-7",{"rejects":1});
