kbSearch.words("w2z-5",{"katex":1});
