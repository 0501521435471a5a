kbSearch.words("w37-8",{"security":3});
