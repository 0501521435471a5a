kbSearch.words("w3d-10",{"yougongshi":1});
