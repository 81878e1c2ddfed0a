/// TeX's classes of math atoms, which decide the space between neighbours
/// (The TeXbook, chapter 18 and Appendix G).
enum AtomClass: Sendable {
    case ord, op, bin, rel, open, close, punct, inner
}

/// A symbol a command stands for: its character, its TeX class, and whether
/// MathML shows it as an identifier (`<mi>`) or an operator (`<mo>`).
struct TeXSymbol: Sendable {
    var character: String
    var atomClass: AtomClass
    var isIdentifier: Bool

    static func ord(_ character: String) -> TeXSymbol { TeXSymbol(character: character, atomClass: .ord, isIdentifier: true) }
    static func ordOperator(_ character: String) -> TeXSymbol { TeXSymbol(character: character, atomClass: .ord, isIdentifier: false) }
    static func bin(_ character: String) -> TeXSymbol { TeXSymbol(character: character, atomClass: .bin, isIdentifier: false) }
    static func rel(_ character: String) -> TeXSymbol { TeXSymbol(character: character, atomClass: .rel, isIdentifier: false) }
    static func open(_ character: String) -> TeXSymbol { TeXSymbol(character: character, atomClass: .open, isIdentifier: false) }
    static func close(_ character: String) -> TeXSymbol { TeXSymbol(character: character, atomClass: .close, isIdentifier: false) }
    static func punct(_ character: String) -> TeXSymbol { TeXSymbol(character: character, atomClass: .punct, isIdentifier: false) }
    static func inner(_ character: String) -> TeXSymbol { TeXSymbol(character: character, atomClass: .inner, isIdentifier: false) }
}

/// The TeX commands Primer's math converter knows, by kind. The README's
/// list of supported commands is made from these tables.
enum TeXSymbols {
    /// Lower-case Greek: italic identifiers.
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "varkappa": "ϰ", "lambda": "λ", "mu": "μ",
        "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ",
        "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "digamma": "ϝ",
    ]

    /// Capital Greek letters are upright, as in TeX.
    static let upperGreek: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        "varGamma": "𝛤", "varDelta": "𝛥", "varTheta": "𝛩", "varLambda": "𝛬", "varXi": "𝛯", "varPi": "𝛱",
        "varSigma": "𝛴", "varUpsilon": "𝛶", "varPhi": "𝛷", "varPsi": "𝛹", "varOmega": "𝛺",
    ]

    /// Every other symbol command, with its class.
    static let symbols: [String: TeXSymbol] = {
        var table: [String: TeXSymbol] = [:]
        for (names, make) in [
            (ordinaryIdentifiers, TeXSymbol.ord), (ordinaryOperators, TeXSymbol.ordOperator), (binaries, TeXSymbol.bin),
            (relations, TeXSymbol.rel), (openings, TeXSymbol.open), (closings, TeXSymbol.close),
            (punctuation, TeXSymbol.punct), (inners, TeXSymbol.inner),
        ] {
            for (name, character) in names { table[name] = make(character) }
        }
        return table
    }()

    private static let ordinaryIdentifiers: [String: String] = [
        "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ℏ", "hslash": "ℏ", "emptyset": "∅",
        "varnothing": "∅", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "beth": "ℶ", "imath": "ı", "jmath": "ȷ", "wp": "℘",
        "top": "⊤", "bot": "⊥", "dagger": "†", "ddagger": "‡", "angle": "∠", "measuredangle": "∡", "triangle": "△",
        "square": "□", "Box": "□", "blacksquare": "■", "checkmark": "✓", "diamond": "◇", "clubsuit": "♣",
        "heartsuit": "♡", "spadesuit": "♠", "diamondsuit": "♢", "flat": "♭", "natural": "♮", "sharp": "♯",
        "complement": "∁", "eth": "ð", "mho": "℧", "Finv": "Ⅎ", "Game": "⅁", "circledR": "®", "S": "§", "P": "¶",
        "degree": "°",
    ]

    private static let ordinaryOperators: [String: String] = [
        "forall": "∀", "exists": "∃", "nexists": "∄", "neg": "¬", "lnot": "¬", "prime": "′", "backprime": "‵",
        "vert": "|", "|": "‖", "Vert": "‖", "/": "/", "backslash": "∖", "surd": "√",
        "%": "%", "$": "$", "&": "&", "#": "#", "_": "_",
        "uparrow": "↑", "downarrow": "↓", "updownarrow": "↕", "Uparrow": "⇑", "Downarrow": "⇓", "Updownarrow": "⇕",
    ]

    private static let binaries: [String: String] = [
        "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘",
        "bullet": "∙", "oplus": "⊕", "ominus": "⊖", "otimes": "⊗", "oslash": "⊘", "odot": "⊙", "setminus": "∖",
        "smallsetminus": "∖", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "cup": "∪", "cap": "∩",
        "sqcup": "⊔", "sqcap": "⊓", "uplus": "⊎", "amalg": "⨿", "intercal": "⊺", "dotplus": "∔", "ltimes": "⋉",
        "rtimes": "⋊", "bigcirc": "◯", "bigtriangleup": "△", "bigtriangledown": "▽", "triangleleft": "◃",
        "triangleright": "▹", "wr": "≀", "centerdot": "⋅", "boxplus": "⊞", "boxminus": "⊟", "boxtimes": "⊠",
        "boxdot": "⊡", "divideontimes": "⋇", "barwedge": "⌅", "veebar": "⊻", "curlywedge": "⋏", "curlyvee": "⋎",
        "circledast": "⊛", "circledcirc": "⊚", "circleddash": "⊝", "gtrdot": "⋗", "lessdot": "⋖",
    ]

    private static let relations: [String: String] = [
        "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "leqslant": "⩽", "geqslant": "⩾", "leqq": "≦", "geqq": "≧",
        "neq": "≠", "ne": "≠", "ll": "≪", "gg": "≫", "lll": "⋘", "ggg": "⋙", "approx": "≈", "approxeq": "≊",
        "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "varpropto": "∝", "doteq": "≐",
        "doteqdot": "≑", "triangleq": "≜", "coloneqq": "≔", "eqqcolon": "≕", "coloneq": "≔", "mid": "∣",
        "nmid": "∤", "parallel": "∥", "nparallel": "∦", "perp": "⟂", "in": "∈", "notin": "∉", "ni": "∋",
        "owns": "∋", "subset": "⊂", "supset": "⊃", "subseteq": "⊆", "supseteq": "⊇", "subsetneq": "⊊",
        "supsetneq": "⊋", "nsubseteq": "⊈", "nsupseteq": "⊉", "sqsubset": "⊏", "sqsupset": "⊐",
        "sqsubseteq": "⊑", "sqsupseteq": "⊒", "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰",
        "preccurlyeq": "≼", "succcurlyeq": "≽", "lesssim": "≲", "gtrsim": "≳", "lessapprox": "⪅",
        "gtrapprox": "⪆", "lessgtr": "≶", "gtrless": "≷", "nless": "≮", "ngtr": "≯", "nleq": "≰", "ngeq": "≱",
        "nsim": "≁", "ncong": "≇", "asymp": "≍", "bowtie": "⋈", "models": "⊨", "vdash": "⊢", "dashv": "⊣",
        "vDash": "⊨", "Vdash": "⊩", "smile": "⌣", "frown": "⌢", "therefore": "∴", "because": "∵",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
        "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹", "impliedby": "⟸",
        "iff": "⟺", "mapsto": "↦", "longmapsto": "⟼", "longrightarrow": "⟶", "longleftarrow": "⟵",
        "longleftrightarrow": "⟷", "Longrightarrow": "⟹", "Longleftarrow": "⟸", "Longleftrightarrow": "⟺",
        "hookrightarrow": "↪", "hookleftarrow": "↩", "nearrow": "↗", "searrow": "↘", "swarrow": "↙",
        "nwarrow": "↖", "rightleftharpoons": "⇌", "leftrightharpoons": "⇋", "rightharpoonup": "⇀",
        "rightharpoondown": "⇁", "leftharpoonup": "↼", "leftharpoondown": "↽", "upharpoonright": "↾",
        "rightrightarrows": "⇉", "leftleftarrows": "⇇", "rightleftarrows": "⇄", "leftrightarrows": "⇆",
        "twoheadrightarrow": "↠", "twoheadleftarrow": "↞", "rightarrowtail": "↣", "leftarrowtail": "↢",
        "rightsquigarrow": "⇝", "leadsto": "⇝", "circlearrowleft": "↺", "circlearrowright": "↻",
        "curvearrowleft": "↶", "curvearrowright": "↷", "nrightarrow": "↛", "nleftarrow": "↚",
        "nRightarrow": "⇏", "nLeftarrow": "⇍", "nLeftrightarrow": "⇎", "Lleftarrow": "⇚", "Rrightarrow": "⇛",
        "multimap": "⊸", "eqcirc": "≖", "circeq": "≗", "risingdotseq": "≓", "fallingdotseq": "≒",
        "trianglelefteq": "⊴", "trianglerighteq": "⊵", "vartriangleleft": "⊲", "vartriangleright": "⊳",
        "between": "≬", "pitchfork": "⋔", "shortmid": "∣", "shortparallel": "∥", "thicksim": "∼", "thickapprox": "≈",
    ]

    private static let openings: [String: String] = [
        "langle": "⟨", "lvert": "|", "lVert": "‖", "lfloor": "⌊", "lceil": "⌈", "{": "{", "lbrace": "{",
        "lbrack": "[", "lgroup": "⟮", "lmoustache": "⎰", "ulcorner": "⌜", "llcorner": "⌞", "llbracket": "⟦",
    ]

    private static let closings: [String: String] = [
        "rangle": "⟩", "rvert": "|", "rVert": "‖", "rfloor": "⌋", "rceil": "⌉", "}": "}", "rbrace": "}",
        "rbrack": "]", "rgroup": "⟯", "rmoustache": "⎱", "urcorner": "⌝", "lrcorner": "⌟", "rrbracket": "⟧",
    ]

    /// `\colon` is punctuation, as in amsmath (`f\colon A \to B`), not a relation.
    private static let punctuation: [String: String] = ["ldotp": ".", "cdotp": "⋅", "semicolon": ";", "colon": ":"]

    private static let inners: [String: String] = [
        "ldots": "…", "dots": "…", "dotsc": "…", "dotso": "…", "dotsb": "⋯", "dotsm": "⋯", "dotsi": "⋯",
        "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "iddots": "⋰",
    ]

    /// Large operators: limits go under and over them in display math.
    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁",
        "bigotimes": "⨂", "bigodot": "⨀", "biguplus": "⨄", "bigsqcup": "⨆", "bigvee": "⋁", "bigwedge": "⋀",
    ]

    /// Integrals: limits stay at the side unless `\limits` says otherwise.
    static let integrals: [String: String] = [
        "int": "∫", "iint": "∬", "iiint": "∭", "iiiint": "⨌", "oint": "∮", "oiint": "∯", "oiiint": "∰", "intop": "∫",
        "smallint": "∫",
    ]

    /// Upright function names (TeX's `\sin`, …), with their text.
    static let functions: [String: String] = [
        "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc", "arcsin": "arcsin",
        "arccos": "arccos", "arctan": "arctan", "arccot": "arccot", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh",
        "coth": "coth", "sech": "sech", "csch": "csch", "exp": "exp", "log": "log", "ln": "ln", "lg": "lg",
        "det": "det", "dim": "dim", "ker": "ker", "deg": "deg", "gcd": "gcd", "arg": "arg", "Pr": "Pr", "hom": "hom",
        "max": "max", "min": "min", "sup": "sup", "inf": "inf", "lim": "lim", "liminf": "lim inf",
        "limsup": "lim sup", "argmax": "arg max", "argmin": "arg min", "injlim": "inj lim", "projlim": "proj lim",
        "varlimsup": "lim sup", "varliminf": "lim inf",
    ]

    /// Function names whose scripts go under them in display math.
    static let limitFunctions: Set<String> = [
        "max", "min", "sup", "inf", "lim", "liminf", "limsup", "argmax", "argmin", "det", "Pr", "gcd",
        "injlim", "projlim", "varlimsup", "varliminf",
    ]

    /// Spacing commands, in em (18 mu = 1 em).
    static let spaces: [String: Double] = [
        ",": 3.0 / 18, "thinspace": 3.0 / 18, ":": 4.0 / 18, ">": 4.0 / 18, "medspace": 4.0 / 18,
        ";": 5.0 / 18, "thickspace": 5.0 / 18, "!": -3.0 / 18, "negthinspace": -3.0 / 18,
        "negmedspace": -4.0 / 18, "negthickspace": -5.0 / 18, " ": 0.3333, "quad": 1, "qquad": 2,
        "enspace": 0.5, "enskip": 0.5, "space": 0.3333, "nobreakspace": 0.3333,
    ]

    /// Accents: the mark, and whether it stretches over its base.
    static let accents: [String: (mark: String, stretchy: Bool)] = [
        // A stretching accent's mark must be on MathML Core's list of
        // characters that stretch along the inline axis (appendix B.2):
        // ¯ ˜ ˇ, not the combining overline, tilde and caron, which a
        // browser stretches vertically. The site's font gives them the
        // combining marks' wide sizes (scripts/make-math-font).
        "hat": ("^", false), "widehat": ("\u{302}", true), "check": ("ˇ", false), "widecheck": ("\u{2C7}", true),
        "tilde": ("~", false), "widetilde": ("\u{2DC}", true), "bar": ("¯", false), "overline": ("\u{AF}", true),
        "vec": ("\u{20D7}", true), "overrightarrow": ("→", true), "overleftarrow": ("←", true),
        "overleftrightarrow": ("↔", true), "dot": ("˙", false), "ddot": ("¨", false), "dddot": ("⃛", false),
        "breve": ("˘", false), "acute": ("´", false), "grave": ("`", false), "mathring": ("˚", false),
    ]

    /// Environments: their fences, and how their cells are laid out.
    static let environments: Set<String> = [
        "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases", "dcases",
        "rcases", "aligned", "alignedat", "align", "align*", "alignat", "alignat*", "gathered", "gather",
        "gather*", "split", "multline", "multline*", "equation", "equation*", "array", "subarray",
    ]

    /// Commands Primer does not have, with what to write instead.
    static let alternatives: [String: String] = [
        "label": "label a display equation with {#eq-name} after its closing $$, or \\label{eq-name} inside it",
        "eqref": "refer to an equation in the prose, as @eq-name",
        "ref": "refer to an equation in the prose, as @eq-name",
        "erf": "write \\operatorname{erf}", "erfc": "write \\operatorname{erfc}", "sgn": "write \\operatorname{sgn}",
        "sign": "write \\operatorname{sign}", "softmax": "write \\operatorname{softmax}",
        "relu": "write \\operatorname{ReLU}", "ReLU": "write \\operatorname{ReLU}", "tr": "write \\operatorname{tr}",
        "diag": "write \\operatorname{diag}", "rank": "write \\operatorname{rank}", "Var": "write \\operatorname{Var}",
        "Cov": "write \\operatorname{Cov}", "E": "write \\mathbb{E} or \\operatorname{E}",
        "bold": "write \\mathbf{…}", "Bbb": "write \\mathbb{…}", "bf": "write \\mathbf{…}", "rm": "write \\mathrm{…}",
        "it": "write \\mathit{…}", "cal": "write \\mathcal{…}", "sf": "write \\mathsf{…}", "tt": "write \\mathtt{…}",
        "newcommand": "macros are not supported; write the formula out",
        "renewcommand": "macros are not supported; write the formula out",
        "def": "macros are not supported; write the formula out",
        "require": "no extensions are needed; remove it",
        "mathbbm": "write \\mathbb{…}", "bbold": "write \\mathbb{…}",
    ]
}
