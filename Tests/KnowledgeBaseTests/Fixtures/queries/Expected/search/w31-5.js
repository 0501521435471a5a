kbSearch.words("w31-5",{"mixed":1});
