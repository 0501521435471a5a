kbSearch.words("w36-8",{"relative":1});
