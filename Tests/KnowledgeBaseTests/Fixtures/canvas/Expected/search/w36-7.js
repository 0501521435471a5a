kbSearch.words("w36-7",{"reading":1});
