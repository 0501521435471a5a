kbSearch.words("w36-11",{"relixuebiji":1});
