kbSearch.words("w3d-13",{"yunqixiaozhen":1});
