kbSearch.words("w37-13",{"scriptyinhaox":1});
