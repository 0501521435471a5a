kbSearch.words("w35-7",{"qianwen":1});
