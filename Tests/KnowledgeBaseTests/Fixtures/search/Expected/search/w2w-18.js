kbSearch.words("w2w-18",{"haiwaideyukuozhang":1});
