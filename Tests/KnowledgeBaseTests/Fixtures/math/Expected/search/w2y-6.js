kbSearch.words("w2y-6",{"juzhen":1});
