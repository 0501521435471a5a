kbSearch.words("w3d-10",{"yukuozhang":1,"yunqidahui":1});
