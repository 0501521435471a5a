kbSearch.words("w33-6",{"object":1,"orders":1});
