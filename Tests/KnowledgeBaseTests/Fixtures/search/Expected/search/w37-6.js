kbSearch.words("w37-6",{"script":1});
