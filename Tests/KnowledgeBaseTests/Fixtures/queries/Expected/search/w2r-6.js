kbSearch.words("w2r-6",{"cannot":1,"chaxun":1,"column":1});
