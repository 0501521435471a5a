kbGraph({"types":[],
"nodes":[
["阿里云","aliyun.html",-1,2,20,236],
["王坚","wang.html",-1,2,-3,239],
["王坚","wang-2.html",-1,0,-20,-239]],
"edges":[[0,1,0],[1,0,0]]});
