kbSearch.words("w33-8",{"obsidian":1});
