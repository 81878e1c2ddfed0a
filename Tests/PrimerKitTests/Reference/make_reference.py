#!/usr/bin/env python3
"""Reference values and fitted constants for PrimerKit, computed with mpmath.

    python3 make_reference.py               # writes ReferenceValues.swift
    python3 make_reference.py --constants   # prints the kernels' constants

Tests read the generated Swift file; they never run Python. Each value is the
exact function, evaluated with 400-bit arithmetic and rounded once to the
nearest Double (subnormals included), written as a hexadecimal literal so that
no decimal conversion stands between mpmath and the test.

The constants are those of Sources/PrimerKit/Numerics: the rational
approximation of tanh behind every exponential, the polynomial behind the
logarithm, and the Taylor coefficients of sin(πx) and cos(πx).
"""
import math
import random
import sys
from pathlib import Path

import mpmath as mp

mp.mp.prec = 400

# --- Rounding to Double ------------------------------------------------------

def to_double(v):
    """The Double nearest to the mpmath number v (ties to even), with
    subnormals rounded once, at their own precision."""
    if mp.isnan(v):
        return math.nan
    if mp.isinf(v):
        return math.inf if v > 0 else -math.inf
    if v == 0:
        return 0.0
    sign = -1.0 if v < 0 else 1.0
    a = abs(v)
    e = int(mp.floor(mp.log(a, 2)))
    # guard against log2 rounding at exact powers of two
    while mp.ldexp(1, e) > a:
        e -= 1
    while mp.ldexp(1, e + 1) <= a:
        e += 1
    if e >= 1024:
        return sign * math.inf
    quantum = max(e - 52, -1074)
    q = int(mp.nint(mp.ldexp(a, -quantum)))
    if q >= 2**53 and quantum + 53 > 1023 + 1:
        return sign * math.inf
    return sign * math.ldexp(q, quantum)


def hexd(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "-0x0p+0" if math.copysign(1, x) < 0 else "0x0p+0"
    return x.hex()


# --- Fitted constants --------------------------------------------------------

def rational_tanh():
    """tanh(z) ≈ z·(1 + a1 w + a2 w²)/(1 + b1 w + b2 w²), w = z², |z| ≤ ln 2/4,
    by linearized least squares on Chebyshev nodes iterated towards minimax
    relative error (Lawson's reweighting)."""
    zmax = mp.log(2) / 4
    wmax = zmax**2
    n = 300
    ws = [wmax * (1 - mp.cos(mp.pi * (i + 0.5) / n)) / 2 for i in range(n)]
    gs = [mp.tanh(mp.sqrt(w)) / mp.sqrt(w) for w in ws]
    weights = [mp.mpf(1)] * n
    previous_b = [mp.mpf(1)] * n
    best = None
    for _ in range(40):
        rows, rhs = [], []
        for i, w in enumerate(ws):
            s = mp.sqrt(weights[i]) / (gs[i] * previous_b[i])
            # unknowns a1, a2, b1, b2 with a0 = b0 = 1
            rows.append([s * w, s * w * w, -s * gs[i] * w, -s * gs[i] * w * w])
            rhs.append(s * (gs[i] - 1))
        x = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))[0]
        a1, a2, b1, b2 = x[0], x[1], x[2], x[3]
        errors = []
        for i, w in enumerate(ws):
            b = 1 + b1 * w + b2 * w * w
            errors.append(abs((1 + a1 * w + a2 * w * w) / b / gs[i] - 1))
            previous_b[i] = b
        worst = max(errors)
        if best is None or worst < best[0]:
            best = (worst, a1, a2, b1, b2)
        total = sum(weights[i] * errors[i] for i in range(n))
        weights = [weights[i] * errors[i] / total * n for i in range(n)]
    _, a1, a2, b1, b2 = best
    a1, a2, b1, b2 = (mp.mpf(to_double(c)) for c in (a1, a2, b1, b2))
    check = max(abs(z * (1 + a1 * z * z + a2 * z**4) / (1 + b1 * z * z + b2 * z**4) / mp.tanh(z) - 1)
                for z in (zmax * i / 4000 for i in range(1, 4001)))
    return a1, a2, b1, b2, check


def logarithm_polynomial(degree=7):
    """R(z) = 2·atanh(s)/s − 2 = Σ 2zⁿ/(2n+1), z = s², s ≤ (√2 − 1)/(√2 + 1):
    R(z) ≈ z·(c1 + c2 z + … + c7 z⁶), least squares on Chebyshev nodes,
    iterated towards minimax relative error."""
    smax = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)
    zmax = smax**2
    n = 200
    zs = [zmax * (1 - mp.cos(mp.pi * (i + 0.5) / n)) / 2 for i in range(n)]
    target = [(2 * mp.atanh(mp.sqrt(z)) / mp.sqrt(z) - 2) / z for z in zs]
    weights = [mp.mpf(1)] * n
    best = None
    for _ in range(30):
        rows = [[mp.sqrt(weights[i]) * zs[i]**j / target[i] for j in range(degree)] for i in range(n)]
        rhs = [mp.sqrt(weights[i]) for i in range(n)]
        c = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))[0]
        errors = [abs(sum(c[j] * zs[i]**j for j in range(degree)) / target[i] - 1) for i in range(n)]
        worst = max(errors)
        if best is None or worst < best[0]:
            best = (worst, [c[j] for j in range(degree)])
        total = sum(weights[i] * errors[i] for i in range(n))
        weights = [weights[i] * errors[i] / total * n for i in range(n)]
    return [to_double(c) for c in best[1]], best[0]


def exponential_polynomial(degree=9):
    """P(r) ≈ (e^r − 1 − r)/r² for |r| ≤ ln 2/2, so that e^r = 1 + r + r²·P(r):
    Chebyshev interpolation (mpmath's chebyfit); the error is measured on
    e^r, with the coefficients rounded to Doubles."""
    half = mp.log(2) / 2

    def remainder(r):
        return mp.mpf(1) / 2 + r / 6 + r * r / 24 if abs(r) < mp.mpf("1e-10") else (mp.exp(r) - 1 - r) / (r * r)

    polynomial = [to_double(c) for c in mp.chebyfit(remainder, [-half, half], degree + 1)]
    worst = mp.mpf(0)
    for i in range(4001):
        r = -half + 2 * half * i / 4000
        p = mp.mpf(0)
        for c in polynomial:
            p = p * r + mp.mpf(c)
        worst = max(worst, abs((1 + r + r * r * p) / mp.exp(r) - 1))
    return polynomial, worst


def constants():
    polynomial, error = exponential_polynomial()
    print(f"// exponential polynomial, highest degree first, max relative error: {mp.nstr(error, 3)}")
    print(", ".join(c.hex() for c in polynomial))
    a1, a2, b1, b2, error = rational_tanh()
    print(f"// tanh rational, max relative error with rounded coefficients: {mp.nstr(error, 3)}")
    for name, c in (("a1", a1), ("a2", a2), ("b1", b1), ("b2", b2)):
        print(f"static let {name} = {to_double(c).hex()}")
    # The same rational scaled by 1/a2 (z form) and by 32/a2 (r = 2z form), so
    # that Q's polynomial is monic and saves a multiplication.
    print("// monic, z form: Q = z·((w + α1)·w + α0), P = (β2·w + β1)·w + β0")
    for name, c in (("α1", a1 / a2), ("α0", 1 / a2), ("β2", b2 / a2), ("β1", b1 / a2), ("β0", 1 / a2)):
        print(f"  {name} = {to_double(c).hex()}")
    print("// monic, r form: Q = r·((v + α1)·v + α0), P = (β2·v + β1)·v + β0, v = r²")
    for name, c in (("α1", 4 * a1 / a2), ("α0", 16 / a2), ("β2", 2 * b2 / a2), ("β1", 8 * b1 / a2), ("β0", 32 / a2)):
        print(f"  {name} = {to_double(c).hex()}")
    coefficients, error = logarithm_polynomial()
    print(f"// logarithm polynomial, max relative error: {mp.nstr(error, 3)}")
    for i, c in enumerate(coefficients):
        print(f"static let c{i + 1} = {c.hex()}")
    print("// sin(πr) = r·Σ s_n (r²)^n, cos(πr) = Σ c_n (r²)^n, Taylor, |r| ≤ 1/4")
    print("sin:", ", ".join(to_double((-1)**n * mp.pi**(2 * n + 1) / mp.factorial(2 * n + 1)).hex() for n in range(10)))
    print("cos:", ", ".join(to_double((-1)**n * mp.pi**(2 * n) / mp.factorial(2 * n)).hex() for n in range(10)))




# --- The activations, exactly ------------------------------------------------
#
# Arguments beyond ±2000 are clamped before any exponential: every result there
# is 0, ±1, x or a constant once rounded to a Double, and mpmath would spend
# minutes computing e^(10^300) to 400 bits only to round it away.

SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")
SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
GELU_CUBIC = mp.mpf("0.044715")
CAP = mp.mpf(2000)


def clamp(x):
    return max(min(x, CAP), -CAP)


def exp(x):
    return mp.exp(clamp(x))


def sigmoid(x):
    return 1 / (1 + exp(-x))


def softplus(x):
    return max(x, 0) + mp.log1p(exp(-abs(x)))


def tanh(x):
    return mp.tanh(clamp(x))


def sech2(x):
    return mp.sech(clamp(x))**2


def ncdf(x):
    return mp.ncdf(clamp(x))


def npdf(x):
    return mp.npdf(clamp(x))


def gelu_tanh_parts(x):
    x = clamp(x)  # u grows like x³; beyond 2000 the results are x, −0, 1 or −0
    u = mp.sqrt(2 / mp.pi) * (x + GELU_CUBIC * x**3)
    du = mp.sqrt(2 / mp.pi) * (1 + 3 * GELU_CUBIC * x**2)
    return u, du


def leaky(slope):
    s = mp.mpf(slope)
    return (lambda x: x if x > 0 else s * x, lambda x: mp.mpf(1) if x > 0 else s)


def elu(alpha, scale=1):
    a = mp.mpf(alpha)
    return (lambda x: scale * (x if x > 0 else a * mp.expm1(clamp(x))),
            lambda x: scale * (mp.mpf(1) if x > 0 else a * exp(x)))


def mish_derivative(x):
    sp = softplus(x)
    return tanh(sp) + x * sigmoid(x) * sech2(sp)


def gelu_tanh(x):
    u, _ = gelu_tanh_parts(x)
    return x * sigmoid(2 * u)


def gelu_tanh_derivative(x):
    u, du = gelu_tanh_parts(x)
    return sigmoid(2 * u) + x * sigmoid(2 * u) * sigmoid(-2 * u) * 2 * du


# name: (value, derivative, values at −∞ and +∞, derivatives there, value at −0)
ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda x: sigmoid(x) * sigmoid(-x), (0.0, 1.0), (0.0, 0.0), 0.5),
    "tanh": (tanh, sech2, (-1.0, 1.0), (0.0, 0.0), -0.0),
    "ReLU": (lambda x: max(x, mp.mpf(0)), lambda x: mp.mpf(1) if x > 0 else mp.mpf(0),
             (0.0, math.inf), (0.0, 1.0), 0.0),
    "leaky ReLU": (*leaky(0.01), (-math.inf, math.inf), (0.01, 1.0), -0.0),
    "leaky ReLU (slope 0.2)": (*leaky(0.2), (-math.inf, math.inf), (0.2, 1.0), -0.0),
    "ELU": (*elu(1), (-1.0, math.inf), (0.0, 1.0), -0.0),
    "ELU (α = 0.5)": (*elu(0.5), (-0.5, math.inf), (0.0, 1.0), -0.0),
    "SELU": (*elu(SELU_ALPHA, SELU_SCALE), (to_double(-SELU_SCALE * SELU_ALPHA), math.inf),
             (0.0, to_double(SELU_SCALE)), -0.0),
    "softplus": (softplus, sigmoid, (0.0, math.inf), (0.0, 1.0), to_double(mp.log(2))),
    "GELU": (lambda x: x * ncdf(x), lambda x: ncdf(x) + x * npdf(x), (-0.0, math.inf), (-0.0, 1.0), -0.0),
    "GELU (tanh)": (gelu_tanh, gelu_tanh_derivative, (-0.0, math.inf), (-0.0, 1.0), -0.0),
    "SiLU": (lambda x: x * sigmoid(x), lambda x: sigmoid(x) * (1 + x * sigmoid(-x)), (-0.0, math.inf), (-0.0, 1.0), -0.0),
    "Mish": (lambda x: x * tanh(softplus(x)), mish_derivative, (-0.0, math.inf), (-0.0, 1.0), -0.0),
    "hard sigmoid": (lambda x: min(max(x + 3, mp.mpf(0)), mp.mpf(6)) / 6,
                     lambda x: mp.mpf(1) / 6 if -3 < x < 3 else mp.mpf(0), (0.0, 1.0), (0.0, 0.0), 0.5),
    "softsign": (lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x))**2, (-1.0, 1.0), (0.0, 0.0), -0.0),
}


def reference(name, x):
    """(value, derivative) of activation `name` at the Double x, rounded."""
    value, derivative, at_infinity, derivative_at_infinity, at_negative_zero = ACTIVATIONS[name]
    if math.isnan(x):
        return math.nan, math.nan
    if math.isinf(x):
        side = 0 if x < 0 else 1
        return at_infinity[side], derivative_at_infinity[side]
    if x == 0:
        d = to_double(derivative(mp.mpf(0)))
        return (at_negative_zero if math.copysign(1, x) < 0 else abs(at_negative_zero)), d
    v = mp.mpf(x)
    return to_double(value(v)), to_double(derivative(v))


# --- The grid ----------------------------------------------------------------

def grid():
    """The points every activation is checked at: the special points of the
    issue (0, ±1e-300, subnormals, ±20, ±40, ±709, ±710, ±745, ±746, ±1e300,
    ±∞, NaN), every kink and threshold of the implementations, a dense grid
    over [−40, 40], magnitudes from 1e-300 to 1e300, and seeded random points."""
    special = [
        0.0, 1e-300, 5e-324, 2.0**-1074 * 3, 2.0**-1060, 1e-310, 2.0**-1023, 2.0**-1022 - 2.0**-1074,
        2.0**-1022, 1e-200, 1e-20, 2.0**-28, 1e-8, 1e-4, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0,
        math.nextafter(3.0, 0.0), 3.0, math.nextafter(3.0, 4.0), 5.0, 10.0, 19.0, 20.0, 21.0, 36.0, 37.0, 38.0,
        40.0, 41.0, 50.0, 100.0, 300.0, 354.5, 373.0, 395.0, 500.0, 700.0, 708.0, 708.5, 709.0, 709.78,
        710.0, 720.0, 744.0, 745.0, 745.1, 745.5, 746.0, 750.0, 752.0, 760.0, 790.0, 800.0, 1000.0,
        1e5, 1e10, 1e100, 1e200, 1e300, sys.float_info.max, math.inf,
    ]
    points = special + [-x for x in special]
    points += [k / 2 for k in range(-80, 81)]
    points += [s * 10**(e / 2) for s in (1, -1) for e in range(-32, 7)]
    # near the roots of the derivatives of GELU, SiLU and Mish
    points += [-0.7517915246935645, -0.7524614220710163, -1.2784645427610738, -1.1924312145154952]
    rng = random.Random(20240501)
    points += [rng.uniform(-45, 45) for _ in range(80)]
    points += [rng.uniform(-3, 3) for _ in range(40)]
    unique = {}
    for x in points:
        unique[(x, math.copysign(1, x))] = x
    return sorted(unique.values(), key=lambda x: (x, math.copysign(1, x))) + [math.nan]


# --- The random number generator, exactly -------------------------------------

MASK = 2**64 - 1


def splitmix64(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


class Xoshiro256StarStar:
    """xoshiro256** as in Blackman and Vigna's reference C code."""

    def __init__(self, seed):
        g = splitmix64(seed)
        self.s = [next(g) for _ in range(4)]

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0**-53

    def integer_below(self, bound):
        """Lemire's multiply-and-reject."""
        product = self.next() * bound
        low = product & MASK
        if low < bound:
            threshold = (2**64 - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & MASK
        return product >> 64

    def normals(self, count):
        """Marsaglia's polar method, with the exact logarithm and square root:
        the values a correctly rounded implementation would return."""
        values = []
        while len(values) < count:
            u = 2 * self.uniform() - 1
            v = 2 * self.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                factor = mp.sqrt(-2 * mp.log(s) / s)
                values += [to_double(u * factor), to_double(v * factor)]
        return values[:count]


def random_references():
    lines = []
    for seed in (0, 42, 2**64 - 1):
        g = Xoshiro256StarStar(seed)
        lines.append(f"next {seed} " + " ".join(str(g.next()) for _ in range(8)))
    g = Xoshiro256StarStar(42)
    lines.append("uniform 42 " + " ".join(hexd(g.uniform()) for _ in range(8)))
    g = Xoshiro256StarStar(42)
    lines.append("normal 42 " + " ".join(hexd(x) for x in g.normals(200)))
    g = Xoshiro256StarStar(42)
    lines.append("integer 42 " + " ".join(str(g.integer_below(b)) for b in (1, 2, 3, 6, 10, 1000, 2**31 - 1, 2**62 + 1)))
    g = Xoshiro256StarStar(7)
    elements = list(range(10))
    for index in range(len(elements) - 1, 0, -1):
        j = g.integer_below(index + 1)
        elements[index], elements[j] = elements[j], elements[index]
    lines.append("shuffle 7 " + " ".join(map(str, elements)))
    return lines


# --- Output ------------------------------------------------------------------

def numerics_references():
    """The kit's internal logarithm and sin(πx), cos(πx)."""
    lines = []
    rng = random.Random(7)
    xs = [5e-324, 1e-310, 2.0**-1022, 1e-300, 1e-10, 0.5, 0.7071067811865476, 1.0, 1.4142135623730951, 2.0, 10.0,
          1e10, 1e300, sys.float_info.max] + [10**rng.uniform(-300, 300) for _ in range(60)] + \
         [rng.uniform(0, 3) for _ in range(60)]
    for x in xs:
        lines.append(f"log {hexd(x)} {hexd(to_double(mp.log(mp.mpf(x))))}")
    for x in [rng.uniform(0, 1) for _ in range(60)]:
        lines.append(f"log1p {hexd(x)} {hexd(to_double(mp.log1p(mp.mpf(x))))}")
    ts = [0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 1e-20, 0.1, 1 / 3, 1e6 + 0.25, 2.0**60 + 512] + \
         [rng.uniform(-4, 4) for _ in range(80)]
    for t in ts + [-t for t in ts]:
        lines.append(f"sinpi {hexd(t)} {hexd(to_double(mp.sinpi(mp.mpf(t))))}")
        lines.append(f"cospi {hexd(t)} {hexd(to_double(mp.cospi(mp.mpf(t))))}")
    return lines + array_function_references()


def array_function_references():
    """The array functions' exponential, e^x − 1 and log(1 + x) over the whole
    Double range: the thresholds of the implementations (the overflow at
    709.78, the subnormal results below −708.4, the steps of the argument
    reduction at odd multiples of ln 2 / 2), tiny and huge magnitudes, and
    seeded random points. A separate generator leaves the points above as
    they were."""
    lines = []
    rng = random.Random(20261201)
    half_ln2 = math.log(2) / 2
    tiny = [s * 10.0**-e for s in (1, -1) for e in (300, 200, 100, 20, 10, 8, 5, 3, 2, 1)] + [5e-324, -5e-324, 1e-310]
    steps = [k * half_ln2 for k in (1, 3, 5, 7, 101, 2047)]
    steps = [math.nextafter(t, d) for t in steps for d in (0.0, math.inf)] + steps
    exp_points = tiny + steps + [-t for t in steps] + [
        0.0, -0.0, 0.5, 1.0, 2.0, 10.0, 20.0, 40.0, 100.0, 700.0, 709.0, 709.4, 709.78, 709.7827128933839, 709.79,
        710.0, 1000.0, 1e300, -1.0, -20.0, -100.0, -700.0, -708.0, -708.4, -708.5, -720.0, -740.0, -745.0, -745.13,
        -745.14, -750.0, -1000.0, math.inf, -math.inf, math.nan,
    ] + [rng.uniform(-750, 712) for _ in range(200)] + [rng.uniform(-3, 3) for _ in range(100)]
    for x in exp_points:
        lines.append(f"exp {hexd(x)} {hexd(exact(mp.exp, x))}")
    expm1_points = tiny + steps + [-t for t in steps] + [
        0.0, -0.0, 0.25, 0.5, 1.0, 2.0, 10.0, 30.0, 40.0, 60.0, 100.0, 700.0, 709.4, 709.78, 709.79, 710.0, 1e300,
        -1.0, -20.0, -37.0, -60.0, -100.0, -1e300, math.inf, -math.inf, math.nan,
    ] + [rng.uniform(-60, 712) for _ in range(150)] + [rng.uniform(-1, 1) for _ in range(100)]
    for x in expm1_points:
        lines.append(f"expm1 {hexd(x)} {hexd(exact(mp.expm1, x))}")
    log1p_points = [t for t in tiny if t > -1] + [
        0.0, -0.0, -1.0, math.nextafter(-1.0, 0.0), -0.9999999, -0.75, -0.5, -0.2928932188134524, -0.25,
        0.4142135623730951, 0.5, 1.0, 2.0, 3.0, 1e5, 2.0**52, 2.0**53, 2.0**53 + 2, 1e20, 1e300,
        sys.float_info.max, math.inf, -2.0, -math.inf, math.nan,
    ] + [rng.uniform(-1, 4) for _ in range(150)] + [10**rng.uniform(-300, 300) for _ in range(100)]
    for x in log1p_points:
        lines.append(f"log1p-any {hexd(x)} {hexd(exact(mp.log1p, x))}")
    return lines


def exact(function, x):
    """function(x) rounded once, with IEEE limits: NaN for NaN and outside
    the domain, and the limits at ±∞."""
    if math.isnan(x):
        return math.nan
    if math.isinf(x):
        if function is mp.log1p:
            return math.inf if x > 0 else math.nan
        return math.inf if x > 0 else (0.0 if function is mp.exp else -1.0)
    if x == 0:
        return 1.0 if function is mp.exp else x
    if function is mp.log1p and x <= -1:
        return -math.inf if x == -1 else math.nan
    if function is not mp.log1p and x > 1000:
        return math.inf
    if function is mp.expm1 and x < -1000:
        return -1.0
    return to_double(function(mp.mpf(x)))


def write_swift(path):
    points = grid()
    blocks = []
    for name in ACTIVATIONS:
        rows = []
        for x in points:
            value, derivative = reference(name, x)
            rows.append(f"{hexd(x)} {hexd(value)} {hexd(derivative)}")
        blocks.append(f"# {name}\n" + "\n".join(rows))
    activations = "\n".join(blocks)
    random_lines = "\n".join(random_references())
    numerics_lines = "\n".join(numerics_references())
    text = f'''// Generated by make_reference.py with mpmath {mp.__version__}: do not edit.
// Every number is a hexadecimal Double literal, the exact value rounded once.

enum ReferenceValues {{
    /// Per activation (after a line "# name"), one point per line:
    /// x, f(x), f′(x).
    static let activations = """
{activations}
"""

    /// xoshiro256** outputs, uniform and normal draws, bounded integers and a
    /// shuffle, from an independent implementation (normals with the exact
    /// logarithm).
    static let random = """
{random_lines}
"""

    /// The kit's logarithm, log(1 + x) on [0, 1] and everywhere
    /// (`log1p-any`), sin(πx), cos(πx), e^x and e^x − 1: name, x, value.
    static let numerics = """
{numerics_lines}
"""
}}
'''
    Path(path).write_text(text)


if __name__ == "__main__":
    if "--constants" in sys.argv:
        constants()
    else:
        write_swift(Path(__file__).with_name("ReferenceValues.swift"))
