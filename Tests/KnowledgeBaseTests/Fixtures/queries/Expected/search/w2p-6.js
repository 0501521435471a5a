kbSearch.words("w2p-6",{"aliyun":1});
