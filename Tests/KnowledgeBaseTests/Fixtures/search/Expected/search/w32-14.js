kbSearch.words("w32-14",{"nianyunqidahui":1});
