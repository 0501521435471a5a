kbSearch.words("w2s-12",{"deyukuozhang":1});
