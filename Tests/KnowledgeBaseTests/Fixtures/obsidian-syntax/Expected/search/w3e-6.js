kbSearch.words("w3e-6",{"zhushi":1});
