kbSearch.words("w34-6",{"printf":1,"python":1});
