kbGraph({"types":["organization","overview","place","policy"],
"nodes":[
["阿里云","aliyun.html",0,2],
["杂记","body-only.html",-1,1],
["\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \"引号\" \u0026 'x'","hostile.html",-1,0],
["开源模型清单","models.html",1,0],
["阿里云海外地域扩张","overseas.html",3,1],
["云栖小镇","yunqi.html",2,0]],
"edges":[[1,0,2],[4,0,2]]});
