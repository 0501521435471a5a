kbSearch.docs(0,[
["Garden","garden/index.html","","","","The garden's own note: it is the folder's page. Browse Plants.\n"],
["Fern","plants/fern.html","","","","A fern, drawn in . Not to be confused with Latex or LaTeX.\n"],
["LaTeX","garden/plants/latex.html","","","","LaTeX typesets text.\n"],
["Latex","garden/plants/latex-3794.html","","","","Latex is tree sap.\n"],
["Scope functions","kotlin/scope-functions.html","","","Reference","Kotlin has five scope functions.\nReference\nThe word reference here must not link anywhere. See Setup and missing.\nA plant\nAnd \n, embedded the Markdown way.\n"],
["Security and privacy","publish/security-and-privacy.html","","","","Publish keeps pages on its own servers. See Sync/Security and privacy for the other one.\n"],
["Sync security model","sync/security-and-privacy.html","","Sync security","","Sync encrypts end to end. Compare Publish and read the Setup › On Linux steps.\n"],
["Setup","sync/setup.html","","","Install · On Linux","Read Security and privacy first: the one beside this note.\nInstall\nOn Linux\nDownload  and the manual.pdf.\n"],
["A vault","index.html","","","","Welcome to the garden. Start with Garden or read the Kotlin notes.\n"],
["开源模型","bi-ji/kai-yuan-mo-xing.html","","","","开源模型见 安全 以及 还没写的笔记。\n"]]);
