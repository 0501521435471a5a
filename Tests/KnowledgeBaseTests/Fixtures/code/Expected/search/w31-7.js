kbSearch.words("w31-7",{"mermaid":1});
