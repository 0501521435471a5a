kbSearch.words("w31-13",{"meiyougongshi":1});
