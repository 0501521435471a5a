kbSearch.words("w3c-8",{"xiaozhen":1});
