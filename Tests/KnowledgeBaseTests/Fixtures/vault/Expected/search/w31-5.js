kbSearch.words("w31-5",{"model":1});
