kbSearch.words("w36-6",{"reader":1,"return":1});
