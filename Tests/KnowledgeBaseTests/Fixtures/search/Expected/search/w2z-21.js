kbSearch.words("w2z-21",{"kaiyuanruantishouquan":1});
