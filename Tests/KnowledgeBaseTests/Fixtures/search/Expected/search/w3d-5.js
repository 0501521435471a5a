kbSearch.words("w3d-5",{"yunqi":1});
