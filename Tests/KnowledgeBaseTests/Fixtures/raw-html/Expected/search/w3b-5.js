kbSearch.words("w3b-5",{"words":1});
