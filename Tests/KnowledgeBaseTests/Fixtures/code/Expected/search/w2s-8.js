kbSearch.words("w2s-8",{"diagrams":1});
