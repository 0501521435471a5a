kbSearch.words("w2u-9",{"functions":1});
