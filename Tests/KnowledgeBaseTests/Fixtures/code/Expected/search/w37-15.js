kbSearch.words("w37-15",{"sequencediagram":1});
