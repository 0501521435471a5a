kbSearch.words("w37-5",{"stays":1});
