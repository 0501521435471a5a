kbSearch.words("w2v-8",{"gaoliang":1});
