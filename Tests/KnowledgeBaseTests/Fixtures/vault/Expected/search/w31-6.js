kbSearch.words("w31-6",{"manual":1,"moxing":1});
