kbSearch.words("w2u-5",{"front":1});
