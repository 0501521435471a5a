kbSearch.words("w2w-5",{"holds":1});
