kbSearch.words("w3d-8",{"yongming":1});
