kbSearch.words("w39-8",{"unclosed":1});
