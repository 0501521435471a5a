kbSearch.words("w3d-21",{"yunhaiwaideyukuozhang":1});
