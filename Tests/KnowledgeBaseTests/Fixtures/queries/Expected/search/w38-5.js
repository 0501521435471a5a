kbSearch.words("w38-5",{"tasks":2,"their":1,"twice":1,"types":1});
