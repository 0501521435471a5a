kbSearch.words("w3d-7",{"yinhaox":1});
