kbSearch.words("w2s-8",{"dataview":2});
