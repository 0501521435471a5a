kbSearch.words("w30-23",{"liyunhaiwaideyukuozhang":1});
