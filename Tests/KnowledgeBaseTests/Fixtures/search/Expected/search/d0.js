kbSearch.docs(0,[
["阿里云","aliyun.html","organization","Alibaba Cloud / Aliyun","战略","一家云计算公司，推出了开源模型。\n战略\n公共云优先。\n"],
["杂记","body-only.html","","","","这里顺带提到开源模型和 aliyun 这个拼写，还有 Kubernetes。\n"],
["2025 年云栖大会","dahui.html","event","","","大会在杭州举行，发布了新的模型。\n"],
["热力学笔记","entropy.html","","","","熵是无序程度的量度。\n"],
["\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \"引号\" \u0026 'x'","hostile.html","","]]\u003e --\u003e","","正文里也有  和 \u003c!-- 注释。\n"],
["开源模型清单","models.html","overview","","","文章列出的开源模型，包括 Qwen3-VL 与 Qwen3-Omni。\n"],
["阿里云海外地域扩张","overseas.html","policy","","","阿里云在海外新增地域。\n"],
["通义千问","qianwen.html","model","Qwen","","一个大语言模型系列，由阿里云推出。\n"],
["開源軟體授權","traditional.html","","","","以繁體字寫成的筆記：開源軟體的授權條款。\n"],
["云栖小镇","yunqi.html","place","Yunqi Town","","位于杭州西湖区的特色小镇，每年举办云栖大会。\n"]]);
