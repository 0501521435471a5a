kbGraph({"types":[],
"nodes":[
["Alpha","alpha.html",-1,1],
["Beta","beta.html",-1,1],
["board.canvas","board-canvas.html",-1,2],
["broken.canvas","broken-canvas.html",-1,0]],
"edges":[[1,2,0],[2,0,0]]});
