kbSearch.words("w31-6",{"mkdocs":1});
