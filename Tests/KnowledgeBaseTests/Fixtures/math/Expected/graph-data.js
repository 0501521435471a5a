kbGraph({"types":[],
"nodes":[
["Quadratic formula","quadratic-formula.html",-1,3],
["公式","index.html",-1,4],
["欧拉公式","ou-la-gong-shi.html",-1,4],
["没有公式","mei-you-gong-shi.html",-1,0],
["矩阵","ju-zhen.html",-1,3]],
"edges":[[0,2,0],[0,4,0],[1,0,0],[1,2,0],[1,4,0],[2,1,2],[2,4,0]]});
