kbSearch.words("w31-6",{"marked":1});
