kbGraph({"types":[],
"nodes":[
["Garden","garden/index.html",-1,1,-321,142],
["Fern","plants/fern.html",-1,2,323,-109],
["LaTeX","garden/plants/latex.html",-1,1,319,-142],
["Latex","garden/plants/latex-3794.html",-1,1,331,-79],
["Scope functions","kotlin/scope-functions.html",-1,2,-320,59],
["Security and privacy","publish/security-and-privacy.html",-1,3,-325,-59],
["Sync security model","sync/security-and-privacy.html",-1,4,-322,-26],
["Setup","sync/setup.html",-1,3,-320,12],
["A vault","index.html",-1,2,-320,106],
["开源模型","bi-ji/kai-yuan-mo-xing.html",-1,1,-331,-99]],
"edges":[[1,2,0],[1,3,0],[4,7,0],[5,6,0],[6,5,0],[6,7,0],[7,6,0],[8,0,0],[8,4,0],[9,5,0]]});
