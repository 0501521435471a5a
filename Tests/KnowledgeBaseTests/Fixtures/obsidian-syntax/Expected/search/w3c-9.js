kbSearch.words("w3c-9",{"xunhuanyi":1});
