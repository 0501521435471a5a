kbSearch.words("w37-5",{"scope":1,"setup":3,"start":1,"steps":1});
