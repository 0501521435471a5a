kbSearch.words("w2t-5",{"euler":1});
