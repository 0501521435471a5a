kbSearch.words("w2w-7",{"headers":1});
