kbSearch.words("w2p-6",{"aliyun":3,"apsara":1});
