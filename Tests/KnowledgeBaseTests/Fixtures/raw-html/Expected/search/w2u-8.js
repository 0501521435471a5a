kbSearch.words("w2u-8",{"fragment":1});
