kbSearch.words("w38-10",{"tishikuang":1});
