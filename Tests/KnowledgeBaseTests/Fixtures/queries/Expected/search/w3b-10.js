kbSearch.words("w3b-10",{"wuyongming":1});
