kbSearch.words("w2x-6",{"inline":1,"inside":1});
