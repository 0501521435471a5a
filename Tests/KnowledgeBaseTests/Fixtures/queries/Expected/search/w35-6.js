kbSearch.words("w35-6",{"qianru":1});
