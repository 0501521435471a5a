kbSearch.words("w2v-5",{"graph":1,"greet":1});
