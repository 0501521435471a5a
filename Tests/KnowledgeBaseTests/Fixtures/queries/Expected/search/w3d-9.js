kbSearch.words("w3d-9",{"yiqianwen":1,"yuzhengze":1});
