kbSearch.words("w37-5",{"sorts":1,"stays":1,"stops":1});
