kbSearch.words("w38-8",{"typesets":1});
