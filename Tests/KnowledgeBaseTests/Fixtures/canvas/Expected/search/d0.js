kbSearch.docs(0,[
["Alpha","alpha.html","","","Details","Alpha opens the story.\nDetails\nAlpha's details, embedded by the board.\n"],
["Beta","beta.html","","","","Beta links to board.canvas and shows it:\n"],
["board.canvas","board-canvas.html","","","","Start here\nPlan\nRead Alpha first, then #reading and Nowhere.\n\nAlpha.md\ndot.png\nhttps://example.com/page?a=1\u0026b=2\njavascript:alert(1)\nNo colour\n\nthen\nsee also"],
["broken.canvas","broken-canvas.html","","","",""]]);
