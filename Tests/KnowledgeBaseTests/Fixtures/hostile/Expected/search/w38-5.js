kbSearch.words("w38-5",{"three":1,"title":1});
