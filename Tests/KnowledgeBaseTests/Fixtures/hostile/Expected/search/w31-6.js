kbSearch.words("w31-6",{"matter":1});
