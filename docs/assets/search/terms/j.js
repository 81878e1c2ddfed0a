primerSearch.terms("j",[
["en/comparison.html","jimmy 6 jump 4"],
["en/formulas.html","j 3,6 jnaij 7"],
["en/guide.html","jian 15 jmlr 15 john 15 journal 15"],
["en/relu.html","jian 10 jmlr 10 john 10 journal 10 jump 0"],
["en/sigmoid.html","jian 8"],
["en/tanh.html","just 5"],
["en/welcome.html","judge 0"],
["zh/comparison.html","j 6"],
["zh/relu.html","j 10*3 jmlr 10 journal 10"],
]);
