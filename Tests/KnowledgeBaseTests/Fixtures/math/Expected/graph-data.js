kbGraph({"types":[],
"nodes":[
["Quadratic formula","quadratic-formula.html",-1,3,312,56],
["公式","index.html",-1,4,332,71],
["欧拉公式","ou-la-gong-shi.html",-1,4,304,81],
["没有公式","mei-you-gong-shi.html",-1,0,-332,-95],
["矩阵","ju-zhen.html",-1,3,325,95]],
"edges":[[0,2,0],[0,4,0],[1,0,0],[1,2,0],[1,4,0],[2,1,2],[2,4,0]]});
