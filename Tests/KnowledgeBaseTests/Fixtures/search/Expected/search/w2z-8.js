kbSearch.words("w2z-8",{"kuozhang":1});
