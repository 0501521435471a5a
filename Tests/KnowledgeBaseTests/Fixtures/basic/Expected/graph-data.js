kbGraph({"types":["organization","person"],
"nodes":[
["阿里巴巴集团","alibaba.html",-1,2],
["飞天","apsara.html",-1,2],
["王坚","people/wang-jian.html",1,2],
["阿里云","zu-zhi/aliyun.html",0,6]],
"edges":[[0,3,2],[1,3,0],[2,3,1],[3,0,1],[3,1,0],[3,2,0]]});
