kbSearch.words("w31-6",{"models":1});
