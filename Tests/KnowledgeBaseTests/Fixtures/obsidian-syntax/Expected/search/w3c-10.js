kbSearch.words("w3c-10",{"xunhuanjia":1});
