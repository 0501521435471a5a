kbSearch.docs(0,[
["CRLF and BOM","crlf.html","","","","Line one line two line three\n"],
["empty","empty.html","","","","\n"],
["Only front matter","only-front-matter.html","","","","\n"],
["\u003c/script\u003e\u003cscript\u003ealert('t')\u003c/script\u003e \"q\" \u0026 ]]\u003e --\u003e �bell","script-title.html","\u003ci\u003etype\u003c/i\u003e","\u003cb\u003ealias\u003c/b\u003e / javascript:alert(1)","","Raw HTML stays out:  and .\na link and an image and data ok.\n"],
["Plain note","weird-folder/a-b-c-d-e.html","","Café NFD","","Links back to \"q\" \u0026\u003e --\u003e bell]] is not how it works, but the script title is mentioned by its alias: alias is raw HTML here.\n"]]);
