kbSearch.words("w30-5",{"lines":1});
