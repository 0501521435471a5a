kbSearch.words("w38-5",{"there":1,"times":1});
