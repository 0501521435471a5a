kbGraph({"types":[],
"nodes":[
["Shortcuts","index.html",-1,1,13,-6],
["Removed","removed.html",-1,1,-13,6]],
"edges":[[0,1,0]]});
