kbSearch.words("w32-7",{"nowhere":1});
