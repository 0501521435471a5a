kbSearch.words("w38-13",{"tongyiqianwen":1});
