kbSearch.words("w31-6",{"mathbb":1,"mathbf":1,"mkdocs":1});
