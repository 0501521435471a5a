kbSearch.words("w3d-10",{"yuanmoxing":1});
