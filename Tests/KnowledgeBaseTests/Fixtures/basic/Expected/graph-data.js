kbGraph({"types":["organization","person"],
"nodes":[
["阿里巴巴集团","alibaba.html",-1,2,-26,24],
["飞天","apsara.html",-1,2,0,-24],
["王坚","people/wang-jian.html",1,2,26,22],
["阿里云","zu-zhi/aliyun.html",0,6,1,8]],
"edges":[[0,3,2],[1,3,0],[2,3,1],[3,0,1],[3,1,0],[3,2,0]]});
