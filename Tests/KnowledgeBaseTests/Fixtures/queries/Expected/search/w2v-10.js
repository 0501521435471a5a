kbSearch.words("w2v-10",{"gongsibase":1});
