kbSearch.words("w38-6",{"titles":1});
