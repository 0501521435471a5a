kbSearch.words("w3d-17",{"yuanmoxingqingdan":1});
