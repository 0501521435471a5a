kbSearch.words("w37-6",{"sibase":1,"sorted":2,"source":1,"string":1});
