kbSearch.words("w2r-5",{"cards":1,"cells":1});
