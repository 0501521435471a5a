kbSearch.words("w2u-6",{"folder":1});
