kbSearch.words("w2v-7",{"grouped":3});
