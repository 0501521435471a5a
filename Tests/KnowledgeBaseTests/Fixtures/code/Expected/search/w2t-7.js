kbSearch.words("w2t-7",{"escaped":1});
