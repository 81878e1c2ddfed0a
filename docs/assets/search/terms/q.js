primerSearch.terms("q",[
["en/comparison.html","quadrature 4 question 0,4,5 quoc 6"],
["en/formulas.html","q 3*2"],
["en/relu.html","quadrature 4*2 qualify 1 question 9 quotient 1"],
["en/welcome.html","quarter 2 question 0,1*3"],
["en/zero-centred.html","quadratic 4"],
["zh/comparison.html","q 6"],
]);
