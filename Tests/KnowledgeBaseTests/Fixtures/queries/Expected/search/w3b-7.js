kbSearch.words("w3b-7",{"without":2});
