kbSearch.words("w2y-5",{"jihua":1});
