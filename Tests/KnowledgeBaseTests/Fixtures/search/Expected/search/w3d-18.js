kbSearch.words("w3d-18",{"yuanruantishouquan":1});
