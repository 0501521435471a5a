kbSearch.words("w3c-6",{"xingku":1});
