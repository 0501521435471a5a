kbGraph({"types":["organization","overview","place","policy"],
"nodes":[
["阿里云","a-li-yun.html",0,2],
["杂记","za-ji.html",-1,1],
["\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \"引号\" \u0026 'x'","script-script-alert-1-script-yin-hao-x.html",-1,0],
["开源模型清单","kai-yuan-mo-xing-qing-dan.html",1,0],
["阿里云海外地域扩张","a-li-yun-hai-wai-de-yu-kuo-zhang.html",3,1],
["云栖小镇","yun-qi-xiao-zhen.html",2,0]],
"edges":[[1,0,2],[4,0,2]]});
