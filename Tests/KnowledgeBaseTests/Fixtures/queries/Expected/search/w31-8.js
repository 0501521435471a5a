kbSearch.words("w31-8",{"moxingku":1});
