kbSearch.words("w2q-5",{"board":3});
