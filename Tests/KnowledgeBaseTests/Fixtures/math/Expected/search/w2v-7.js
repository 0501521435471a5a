kbSearch.words("w2v-7",{"gongshi":3});
