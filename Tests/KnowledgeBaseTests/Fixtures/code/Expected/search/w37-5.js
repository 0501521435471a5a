kbSearch.words("w37-5",{"shows":1,"stays":1,"stdio":1,"still":1});
