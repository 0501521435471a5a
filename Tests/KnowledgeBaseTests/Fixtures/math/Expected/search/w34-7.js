kbSearch.words("w34-7",{"pmatrix":1});
