kbSearch.words("w2v-6",{"garden":2});
