kbSearch.words("w2w-7",{"huanjia":1});
