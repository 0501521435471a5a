kbSearch.words("w37-5",{"shows":1,"start":1,"story":1});
