kbSearch.words("w31-13",{"moxingqingdan":1});
