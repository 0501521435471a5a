kbSearch.words("w31-7",{"methods":1});
