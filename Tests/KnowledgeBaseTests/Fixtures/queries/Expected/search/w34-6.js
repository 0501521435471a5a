kbSearch.words("w34-6",{"pinyin":1});
