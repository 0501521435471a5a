kbGraph({"types":[],
"nodes":[
["Code","code.html",-1,0,154,-72],
["Diagrams","diagrams.html",-1,0,-154,72]],
"edges":[]});
