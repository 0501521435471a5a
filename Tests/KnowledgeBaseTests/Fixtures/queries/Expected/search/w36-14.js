kbSearch.words("w36-14",{"renwuyuzhengze":1});
