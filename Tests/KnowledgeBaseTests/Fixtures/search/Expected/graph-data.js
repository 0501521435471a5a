kbGraph({"types":["event","model","organization","overview","place","policy"],
"nodes":[
["阿里云","aliyun.html",2,3,24,-11],
["杂记","body-only.html",-1,1,-9,6],
["2025 年云栖大会","dahui.html",0,0,-657,-264],
["热力学笔记","entropy.html",-1,0,548,-483],
["\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \"引号\" \u0026 'x'","hostile.html",-1,0,-35,700],
["开源模型清单","models.html",3,0,-181,-700],
["阿里云海外地域扩张","overseas.html",5,1,26,-46],
["通义千问","qianwen.html",1,1,54,10],
["開源軟體授權","traditional.html",-1,0,657,293],
["云栖小镇","yunqi.html",4,0,-601,354]],
"edges":[[1,0,2],[6,0,2],[7,0,2]]});
