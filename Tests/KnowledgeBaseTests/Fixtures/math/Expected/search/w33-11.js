kbSearch.words("w33-11",{"oulagongshi":1});
