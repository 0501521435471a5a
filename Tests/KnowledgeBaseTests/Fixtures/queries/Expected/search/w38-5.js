kbSearch.words("w38-5",{"tasks":1,"types":1});
