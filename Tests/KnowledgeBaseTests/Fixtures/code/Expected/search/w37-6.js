kbSearch.words("w37-6",{"source":1});
