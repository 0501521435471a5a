kbSearch.words("w2w-5",{"https":1});
