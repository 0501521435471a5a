kbSearch.words("w30-5",{"latex":3,"linux":2});
