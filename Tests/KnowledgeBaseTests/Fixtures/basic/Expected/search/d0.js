kbSearch.docs(0,[
["阿里巴巴集团","alibaba.html","","","","杭州的公司，旗下有阿里云。\n"],
["飞天","apsara.html","","","","2009 年由 Aliyun 推出的云操作系统。\n"],
["王坚","people/wang-jian.html","person","Wang Jian","经历","王坚是阿里云的创始人，也提到了Aliyun。阿里云在代码里不链接。\n经历\n他写过一本书。\n"],
["阿里云","zu-zhi/aliyun.html","organization","Alibaba Cloud / Aliyun","历史 · 产品 · 参考","历史\n阿里云由王坚创立，后来推出了飞天操作系统。Alibaba Cloud 的名字不会链接到自己。\n产品\n产品\n年份\nApsara\n2009\n参考\n见历史与 王坚的经历。\n"]]);
