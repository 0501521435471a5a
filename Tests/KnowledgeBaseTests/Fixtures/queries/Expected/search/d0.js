kbSearch.docs(0,[
["公司.base","bases/gong-si-base.html","","","","\n"],
["嵌入","bases/qian-ru.html","","","","The whole base (its first view):\nOne view by name:\nA link to a view: 公司.base › 名单. A view it lacks:\nthis is the embedding note, which links to 阿里云 (阿里云):\n"],
["模型库","bases/mo-xing-ku.html","","","","\nGrouped cards, and a link in a filter:\n"],
["字节跳动","companies/zi-jie-tiao-dong.html","company","","","总部在 [hq:: 北京]。 Code keeps its fields: fake:: value.\n"],
["阿里云","companies/a-li-yun.html","company","","","ceo:: 吴泳铭\n总部在 [hq:: 杭州]，云计算公司。\n"],
["Kimi","models/kimi.html","model","","","No developer: its cells stay empty, and it sorts first where the developer is compared.\n"],
["万相","models/wan-xiang.html","model","","","视频生成模型。\n"],
["豆包","models/dou-bao.html","model","","","字节跳动的大模型。\n"],
["通义千问","models/tong-yi-qian-wen.html","model","","","阿里云的大模型。\n"],
["吴泳铭","people/wu-yong-ming.html","person","","","阿里巴巴集团的首席执行官。\n"],
["计划","projects/ji-hua.html","","","","发布 万相 的评测\n整理 通义千问 的资料\n不是任务\n"],
["查询","queries/cha-xun.html","","","","A nested tag (#ai holds #ai/llm and #ai/video), sorted by a date, newest first:\nDates and durations, without the id column, titles in pinyin order:\nNotes that link to 阿里云:\nGrouped, with the rows of each group:\nA list flattened:\nWhere 阿里云 links to:\nTasks:\nMixed types sorted (numbers before text, as Dataview orders types):\nA filter on a link, and a limit:\nA source with and and -:\nInline fields:\nInline expressions: 阿里云's CEO is , founded ; the models: . Code that is no expression stays code: =x.\n"],
["警告","queries/jing-gao.html","","","","dv.list(dv.pages().file.name)\nAn inline expression kb cannot read: .\n"]]);
