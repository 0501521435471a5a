kbSearch.words("w37-6",{"sibase":1,"sorted":1,"source":1});
