kbSearch.words("w2x-5",{"image":1});
