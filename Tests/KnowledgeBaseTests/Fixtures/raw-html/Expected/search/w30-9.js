kbSearch.words("w30-9",{"linebreak":1});
