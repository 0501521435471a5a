kbSearch.words("w35-5",{"quote":1});
