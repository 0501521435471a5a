kbSearch.words("w3b-7",{"warning":1,"without":2,"written":1});
