kbSearch.meta({"shards":1,"chunk":16,"docs":15});
