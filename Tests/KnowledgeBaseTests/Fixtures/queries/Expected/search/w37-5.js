kbSearch.words("w37-5",{"shows":1,"sorts":1,"stays":2,"still":1,"stops":1});
