kbSearch.words("w31-8",{"markdown":1});
