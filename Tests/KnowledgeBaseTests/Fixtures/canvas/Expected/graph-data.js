kbGraph({"types":[],
"nodes":[
["Alpha","alpha.html",-1,1,-165,-184],
["Beta","beta.html",-1,1,-129,-239],
["board.canvas","board-canvas.html",-1,2,-146,-212],
["broken.canvas","broken-canvas.html",-1,0,165,239]],
"edges":[[1,2,0],[2,0,0]]});
