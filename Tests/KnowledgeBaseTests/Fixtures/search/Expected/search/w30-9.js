kbSearch.words("w30-9",{"lixuebiji":1});
