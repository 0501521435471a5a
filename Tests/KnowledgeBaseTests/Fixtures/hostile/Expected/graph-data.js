kbGraph({"types":["\u003ci\u003etype\u003c/i\u003e"],
"nodes":[
["CRLF and BOM","crlf.html",-1,0,205,-413],
["empty","empty.html",-1,0,395,413],
["Only front matter","only-front-matter.html",-1,0,-395,-9],
["\u003c/script\u003e\u003cscript\u003ealert('t')\u003c/script\u003e \"q\" \u0026 ]]\u003e --\u003e �bell","script-title.html",0,1,97,55],
["Plain note","weird-folder/a-b-c-d-e.html",-1,1,75,74]],
"edges":[[3,4,1]]});
