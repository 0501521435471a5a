kbGraph({"types":["\u003ci\u003etype\u003c/i\u003e"],
"nodes":[
["CRLF and BOM","crlf.html",-1,0],
["empty","empty.html",-1,0],
["Only front matter","only-front-matter.html",-1,0],
["\u003c/script\u003e\u003cscript\u003ealert('t')\u003c/script\u003e \"q\" \u0026 ]]\u003e --\u003e �bell","script-title.html",0,1],
["Plain note","weird-folder/a-b-c-d-e.html",-1,1]],
"edges":[[3,4,1]]});
