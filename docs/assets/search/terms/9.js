primerSearch.terms("9",[
["en/comparison.html","9 3,4*3 9.10 1 92 3 93 4 94 4 95 3*2,4 99 4"],
["en/relu.html","9 6 9.2 6 9.25 2*2 9.3 6 9.9 6 90 6 91 6*2 93 6,7*2,8*2"],
["en/sigmoid.html","9 2*4"],
["en/tanh.html","9 1*3,4*5"],
["en/zero-centred.html","9 3,7"],
["zh/comparison.html","9 3,4*3 92 3 93 4 94 4 95 3*2,4 99 4"],
["zh/relu.html","9 6 9.2 6 9.25 2*2 9.3 6 9.36 5 9.4 5 9.9 6 90 6 91 6 93 6,7*2,8*2"],
["zh/sigmoid.html","9 2*4 9.3 6,7"],
["zh/tanh.html","9 1*3,4*5"],
["zh/zero-centred.html","9 3,7"],
]);
