kbSearch.words("w2z-13",{"kaiyuanmoxing":1});
