kbSearch.words("w2v-5",{"group":1});
