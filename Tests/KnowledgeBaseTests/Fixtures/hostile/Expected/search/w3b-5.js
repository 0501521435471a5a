kbSearch.words("w3b-5",{"works":1});
