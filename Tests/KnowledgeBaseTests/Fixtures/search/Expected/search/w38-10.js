kbSearch.words("w38-10",{"tishouquan":1});
