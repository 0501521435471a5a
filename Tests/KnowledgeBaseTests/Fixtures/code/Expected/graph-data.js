kbGraph({"types":[],
"nodes":[
["Code","code.html",-1,0],
["Diagrams","diagrams.html",-1,0]],
"edges":[]});
