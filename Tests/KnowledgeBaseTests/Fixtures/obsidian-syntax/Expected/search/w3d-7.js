kbSearch.words("w3d-7",{"yinyong":1});
