kbSearch.words("w31-7",{"missing":1});
