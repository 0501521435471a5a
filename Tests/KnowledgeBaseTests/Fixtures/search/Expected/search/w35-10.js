kbSearch.words("w35-10",{"qixiaozhen":1});
