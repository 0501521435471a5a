kbSearch.words("w3b-9",{"wikilinks":1});
