kbSearch.words("w35-5",{"query":1});
