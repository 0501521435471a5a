kbGraph({"types":[],
"nodes":[
["Shortcuts","index.html",-1,1],
["Removed","removed.html",-1,1]],
"edges":[[0,1,0]]});
