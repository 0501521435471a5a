kbSearch.words("w3e-7",{"zhengze":1});
