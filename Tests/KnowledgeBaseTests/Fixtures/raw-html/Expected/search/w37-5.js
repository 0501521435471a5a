kbSearch.words("w37-5",{"still":1});
