kbSearch.words("w3b-5",{"where":2,"which":1,"whole":2});
