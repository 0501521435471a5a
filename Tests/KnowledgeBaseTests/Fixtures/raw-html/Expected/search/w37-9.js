kbSearch.words("w37-9",{"shortcuts":1});
