kbSearch.words("w34-7",{"privacy":2,"publish":2});
