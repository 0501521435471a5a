kbSearch.words("w2u-5",{"field":1,"finds":1,"first":3});
