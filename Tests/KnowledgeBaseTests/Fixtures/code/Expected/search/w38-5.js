kbSearch.words("w38-5",{"twice":1});
