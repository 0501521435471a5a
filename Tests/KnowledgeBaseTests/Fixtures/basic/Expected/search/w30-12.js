kbSearch.words("w30-12",{"libabajituan":1});
