kbSearch.words("w3b-15",{"waideyukuozhang":1});
