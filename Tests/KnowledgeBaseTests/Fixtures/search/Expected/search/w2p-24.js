kbSearch.words("w2p-24",{"aliyunhaiwaideyukuozhang":1});
