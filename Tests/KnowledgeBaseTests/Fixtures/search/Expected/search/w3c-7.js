kbSearch.words("w3c-7",{"xuebiji":1});
