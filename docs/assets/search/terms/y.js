primerSearch.terms("y",[
["en/comparison.html","y 6*2 yoshua 6"],
["en/formulas.html","y 2*4,3*3 y1 6*2 yi 5 ym 6*2 yn 3 your 0"],
["en/guide.html","y 6,10 yaml 1 year 14 yml 14 yoram 15 yoshua 15 you 0,10 your 8*3"],
["en/relu.html","y 6 yanhui 10 yeonjong 10 yes 9 yet 2 yoram 10 yoshua 10"],
["en/sigmoid.html","y 3*2 yoshua 8"],
["en/tanh.html","yes 5"],
["en/zero-centred.html","y 1*4,2*2,3*3,4*2 yann 7"],
["zh/comparison.html","y 6*3"],
["zh/relu.html","y 6,10*4"],
["zh/sigmoid.html","y 3*2,8"],
["zh/zero-centred.html","y 1*4,2*2,3*3,4*2,7"],
]);
