kbSearch.words("w3e-5",{"zhang":1});
