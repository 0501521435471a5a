kbSearch.words("w2w-6",{"huanyi":1});
