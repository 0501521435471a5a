kbSearch.words("w2z-20",{"kaiyuanmoxingqingdan":1});
