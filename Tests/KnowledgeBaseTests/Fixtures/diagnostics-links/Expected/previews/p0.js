kbPreviews.chunk(0,{"aliyun.html":["阿里云","","","历史 见 阿里云计算 和 王坚 › 不存在的标题。表格： a b x 王建 missing.png 与 历史 与 没有。"],"wang.html":["王坚","","","经历 他创立了阿里云。"],"wang-2.html":["王坚","","","同名的另一篇。"]});
