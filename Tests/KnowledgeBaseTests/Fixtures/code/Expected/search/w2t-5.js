kbSearch.words("w2t-5",{"error":1});
