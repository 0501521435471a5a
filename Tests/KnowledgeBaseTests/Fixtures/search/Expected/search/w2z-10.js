kbSearch.words("w2z-10",{"kubernetes":1});
