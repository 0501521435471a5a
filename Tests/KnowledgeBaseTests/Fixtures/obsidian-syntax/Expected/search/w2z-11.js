kbSearch.words("w2z-11",{"kuaiyinyong":1});
