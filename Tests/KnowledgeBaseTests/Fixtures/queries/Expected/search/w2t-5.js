kbSearch.words("w2t-5",{"emoji":1,"empty":1});
