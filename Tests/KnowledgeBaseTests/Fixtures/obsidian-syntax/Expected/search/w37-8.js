kbSearch.words("w37-8",{"shikuang":1});
