/// The TeX commands Primer's math converter knows, by kind. The README's
/// list of supported commands is made from these tables.
enum TeXSymbols {
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
        "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    ]

    /// Capital Greek letters are upright.
    static let upperGreek: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Symbols that are identifiers (`<mi>`), not operators.
    static let identifiers: [String: String] = [
        "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅", "varnothing": "∅",
        "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "imath": "ı", "jmath": "ȷ", "top": "⊤", "bot": "⊥", "prime": "′",
        "dagger": "†", "angle": "∠", "triangle": "△", "square": "□", "checkmark": "✓",
    ]

    static let operators: [String: String] = [
        "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘",
        "bullet": "∙", "oplus": "⊕", "ominus": "⊖", "otimes": "⊗", "odot": "⊙", "setminus": "∖",
        "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "neg": "¬", "lnot": "¬", "cup": "∪", "cap": "∩",
        "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "ll": "≪", "gg": "≫",
        "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "doteq": "≐",
        "triangleq": "≜", "coloneqq": "≔", "colon": ":", "mid": "∣", "parallel": "∥", "perp": "⟂",
        "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "supset": "⊃", "subseteq": "⊆", "supseteq": "⊇",
        "forall": "∀", "exists": "∃", "nexists": "∄",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔", "Rightarrow": "⇒",
        "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹", "impliedby": "⟸", "iff": "⟺", "mapsto": "↦",
        "longrightarrow": "⟶", "longleftarrow": "⟵", "uparrow": "↑", "downarrow": "↓", "nearrow": "↗",
        "searrow": "↘", "rightleftharpoons": "⇌",
        "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
        "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖",
        "Vert": "‖", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "{": "{", "}": "}", "|": "‖",
        "%": "%", "$": "$", "&": "&", "#": "#", "_": "_",
    ]

    /// Large operators: limits go under and over them in display math.
    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁",
        "bigotimes": "⨂", "bigvee": "⋁", "bigwedge": "⋀",
    ]

    /// Integrals: limits stay at the side.
    static let integrals: [String: String] = ["int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮"]

    /// Upright function names; those in `limitFunctions` take limits under them.
    static let functions: Set<String> = [
        "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "coth",
        "exp", "log", "ln", "lg", "det", "dim", "ker", "deg", "gcd", "arg", "Pr", "hom",
        "max", "min", "sup", "inf", "lim", "liminf", "limsup", "argmax", "argmin",
    ]
    static let limitFunctions: Set<String> = [
        "max", "min", "sup", "inf", "lim", "liminf", "limsup", "argmax", "argmin", "det", "Pr", "gcd",
    ]

    /// Spacing commands and their widths in em.
    static let spaces: [String: Double] = [
        ",": 0.1667, "thinspace": 0.1667, ":": 0.2222, ">": 0.2222, "medspace": 0.2222, ";": 0.2778,
        "thickspace": 0.2778, "!": -0.1667, "negthinspace": -0.1667, " ": 0.25, "quad": 1, "qquad": 2, "enspace": 0.5,
    ]

    /// Accents over a base: the mark and whether it stretches with the base.
    static let accents: [String: (String, Bool)] = [
        "hat": ("^", false), "widehat": ("^", true), "bar": ("¯", false), "overline": ("‾", true),
        "vec": ("→", false), "overrightarrow": ("→", true), "tilde": ("~", false), "widetilde": ("~", true),
        "dot": ("˙", false), "ddot": ("¨", false), "check": ("ˇ", false), "breve": ("˘", false),
        "acute": ("´", false), "grave": ("`", false),
    ]

    /// Font commands, by how they change letters.
    static let fonts: Set<String> = [
        "mathbf", "boldsymbol", "mathrm", "mathit", "mathbb", "mathcal", "mathsf", "mathtt", "textbf", "textit", "textrm",
    ]

    /// Environments: their fences, and how their columns align.
    static let environments: [String: (open: String, close: String)] = [
        "matrix": ("", ""), "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"),
        "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"), "cases": ("{", ""), "aligned": ("", ""),
        "align": ("", ""), "align*": ("", ""), "gathered": ("", ""), "array": ("", ""), "split": ("", ""),
    ]

    /// Every command name, for the README and for suggestions.
    static var allCommands: [String] {
        let named =
            Array(greek.keys) + Array(upperGreek.keys) + Array(identifiers.keys) + Array(operators.keys)
            + Array(largeOperators.keys) + Array(integrals.keys) + Array(functions) + Array(accents.keys) + Array(fonts)
        let structural = [
            "frac", "dfrac", "tfrac", "binom", "sqrt", "left", "right", "middle", "big", "Big", "bigg", "Bigg",
            "bigl", "bigr", "Bigl", "Bigr", "operatorname", "text", "mbox", "displaystyle", "textstyle",
            "limits", "nolimits", "begin", "end", "quad", "qquad", "underbrace", "overbrace", "not",
        ]
        return (named + structural + spaces.keys.filter { $0.first?.isLetter == true }).sorted()
    }
}
