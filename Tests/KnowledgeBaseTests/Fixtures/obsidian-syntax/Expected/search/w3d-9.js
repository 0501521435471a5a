kbSearch.words("w3d-9",{"yufaceshi":1});
