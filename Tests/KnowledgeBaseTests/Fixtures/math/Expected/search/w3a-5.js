kbSearch.words("w3a-5",{"vdots":1});
