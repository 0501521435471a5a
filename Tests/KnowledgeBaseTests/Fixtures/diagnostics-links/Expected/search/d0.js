kbSearch.docs(0,[
["阿里云","aliyun.html","","Aliyun","历史","历史\n见 阿里云计算 和 王坚 › 不存在的标题。表格：\na\nb\nx\n王建\nmissing.png 与 历史 与 没有。\n"],
["王坚","wang.html","","aliyun / Wang Jian","经历","经历\n他创立了阿里云。\n"],
["王坚","wang-2.html","","Wang Jian","","同名的另一篇。\n"]]);
