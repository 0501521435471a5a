kbSearch.words("w35-7",{"qianwen":1,"qidahui":1,"qingdan":1});
