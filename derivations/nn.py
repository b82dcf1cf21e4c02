"""Derivations shown in chapters 16 (Automatic differentiation) and 17
(Multilayer perceptrons), chapters/03-neural/.

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation

n, k, m = sp.symbols("n k m", integer=True, positive=True)
t = sp.Symbol("t", real=True)


def _directional(expr_of_t):
    """d/dt expr(t) at t = 0: the directional derivative along the perturbation in expr."""
    return sp.Subs(sp.Derivative(expr_of_t, t), t, 0)


# --------------------------------------------------------------------------
# Chapter 16: automatic differentiation
# --------------------------------------------------------------------------
@derivation
def chain_rule_two_paths():
    """The derivative of f = F(A(x), B(x)) is the sum over the two paths of products of local derivatives."""
    x, y = sp.symbols("x y", real=True)
    a, b = sp.symbols("a b", real=True)
    F, A, B = sp.Function("F"), sp.Function("A"), sp.Function("B")
    F_a = sp.Subs(sp.Derivative(F(a, b), a), (a, b), (A(x), B(x)))
    F_b = sp.Subs(sp.Derivative(F(a, b), b), (a, b), (A(x), B(x)))
    D = Derivation("The chain rule on a graph with two paths from x to f")
    D.step(sp.diff(F(A(x), B(x)), x), F_a * sp.diff(A(x), x) + F_b * sp.diff(B(x), x),
           "multivariable chain rule: one term per path x -> a -> f and x -> b -> f",
           display=(r"\frac{d}{dx} F\big(A(x), B(x)\big)",
                    r"\frac{\partial F}{\partial a} A'(x) + \frac{\partial F}{\partial b} B'(x)"))
    # the example graph of the chapter: a = x y, b = exp(x), c = a + b, f = tanh(c)
    c = x * y + sp.exp(x)
    c_bar = 1 - sp.tanh(c) ** 2            # adjoint of c: df/dc
    D.step(sp.diff(sp.tanh(c), x), c_bar * y + c_bar * sp.exp(x),
           r"reverse mode on $a = xy$, $b = e^x$, $c = a + b$, $f = \tanh c$: "
           r"$\bar c = 1 - \tanh^2 c$, $\bar a = \bar b = \bar c$, $\bar x = \bar a\, y + \bar b\, e^x$",
           display=(r"\frac{\partial}{\partial x}\tanh(xy + e^x)",
                    r"\underbrace{(1 - \tanh^2 c)}_{\bar c}\, y + \bar c\, e^x"))
    D.step(sp.diff(sp.tanh(c), y), c_bar * x,
           r"the only path from $y$: $\bar y = \bar a\, x$",
           display=(r"\frac{\partial}{\partial y}\tanh(xy + e^x)", r"\bar c\, x"))
    return D


@derivation
def matmul_vjp():
    """For Y = A B and an upstream cotangent G: dL = <G B^T, dA> + <A^T G, dB>."""
    A, B = sp.MatrixSymbol("A", n, k), sp.MatrixSymbol("B", k, m)
    G = sp.MatrixSymbol("G", n, m)
    dA, dB = sp.MatrixSymbol("dA", n, k), sp.MatrixSymbol("dB", k, m)
    D = Derivation("Vector-Jacobian products of the matrix product", dims={n: 2, k: 3, m: 2})
    D.start(_directional(sp.Trace(G.T * (A + t * dA) * (B + t * dB))))
    D.then(sp.Trace(G.T * (dA * B + A * dB)), "product rule: d(AB) = dA B + A dB",
           display=(r"\frac{d}{dt}\operatorname{tr}\big(G^\top (A + t\,dA)(B + t\,dB)\big)\Big|_{t=0}",
                    r"\operatorname{tr}\big(G^\top (dA\,B + A\,dB)\big)"))
    D.then(sp.Trace(G.T * dA * B) + sp.Trace(G.T * A * dB), "the trace is linear",
           display=(None, r"\operatorname{tr}(G^\top dA\, B) + \operatorname{tr}(G^\top A\, dB)"))
    D.then(sp.Trace((G * B.T).T * dA) + sp.Trace((A.T * G).T * dB),
           r"cycle the first trace ($\operatorname{tr}(G^\top dA\,B) = \operatorname{tr}(BG^\top dA)$); "
           r"read off $\bar A = G B^\top$, $\bar B = A^\top G$",
           display=(None, r"\operatorname{tr}\big((G B^\top)^\top dA\big) + "
                          r"\operatorname{tr}\big((A^\top G)^\top dB\big)"))
    return D


@derivation
def broadcast_vjp():
    """Adding a row vector b to every row of X: the gradient of b sums G over the rows."""
    X, G = sp.MatrixSymbol("X", n, m), sp.MatrixSymbol("G", n, m)
    b, db = sp.MatrixSymbol("b", 1, m), sp.MatrixSymbol("db", 1, m)
    u = sp.MatrixSymbol("u", n, 1)      # broadcasting is u = (1, ..., 1); the algebra holds for any u
    D = Derivation("Broadcasting: the vector-Jacobian product sums over the copied axis",
                   dims={n: 3, m: 2})
    D.start(_directional(sp.Trace(G.T * (X + u * (b + t * db)))))
    D.then(sp.Trace(G.T * u * db), r"only $b$ moves with $t$; $u b$ with $u = \mathbf 1$ copies $b$ into every row",
           display=(r"\frac{d}{dt}\operatorname{tr}\big(G^\top (X + u (b + t\,db))\big)\Big|_{t=0}",
                    r"\operatorname{tr}(G^\top u\, db)"))
    D.then(sp.Trace((u.T * G) * db.T), r"cycle the trace and transpose the $1\times 1$ result; "
           r"with $u = \mathbf 1$, $\bar b = \mathbf 1^\top G$: the column sums of $G$",
           display=(None, r"(u^\top G)\, db^\top"))
    return D


def _softmax_symbols(K):
    z = sp.symbols(f"z1:{K + 1}", real=True)
    g = sp.symbols(f"g1:{K + 1}", real=True)
    Z = sum(sp.exp(zi) for zi in z)
    s = [sp.exp(zi) / Z for zi in z]
    return z, g, Z, s


@derivation
def softmax_vjp():
    """VJP of softmax, entry by entry at K = 3: (J^T g)_j = s_j (g_j - sum_i g_i s_i)."""
    K = 3
    z, g, Z, s = _softmax_symbols(K)
    D = Derivation(f"Vector-Jacobian product of softmax (K = {K}, entry by entry)")
    jac_t_g = sp.Matrix([sum(g[i] * sp.diff(s[i], z[j]) for i in range(K)) for j in range(K)])
    gs = sum(g[i] * s[i] for i in range(K))
    D.step(sp.Matrix([sp.diff(s[i], z[j]) for i in range(K) for j in range(K)]),
           sp.Matrix([s[i] * (int(i == j) - s[j]) for i in range(K) for j in range(K)]),
           r"the Jacobian of $s_i = e^{z_i}/\sum_l e^{z_l}$ (all $K^2$ entries)",
           display=(r"\frac{\partial s_i}{\partial z_j}", r"s_i(\delta_{ij} - s_j)"))
    D.step(jac_t_g, sp.Matrix([s[j] * (g[j] - gs) for j in range(K)]),
           r"contract with the upstream gradient $g$: $\sum_i g_i s_i (\delta_{ij} - s_j)$",
           display=(r"\sum_i g_i \frac{\partial s_i}{\partial z_j}",
                    r"s_j\Big(g_j - \sum_i g_i s_i\Big)"))
    return D


@derivation
def log_softmax_vjp():
    """VJP of log-softmax at K = 3, and the shift that makes log-sum-exp safe."""
    K = 3
    z, g, Z, s = _softmax_symbols(K)
    c = sp.Symbol("c", real=True)
    lse = sp.log(Z)
    ell = [zi - lse for zi in z]
    D = Derivation(f"Log-softmax: gradient and stable evaluation (K = {K}, entry by entry)")
    D.step(sp.Matrix([sum(g[i] * sp.diff(ell[i], z[j]) for i in range(K)) for j in range(K)]),
           sp.Matrix([g[j] - s[j] * sum(g) for j in range(K)]),
           r"$\partial \ell_i/\partial z_j = \delta_{ij} - s_j$ for $\ell_i = z_i - \log\sum_l e^{z_l}$, "
           r"contracted with $g$",
           display=(r"\sum_i g_i \frac{\partial \ell_i}{\partial z_j}", r"g_j - s_j \sum_i g_i"))
    D.step(lse, c + sp.log(sum(sp.exp(zi - c) for zi in z)),
           r"factor $e^{c}$ out of the sum; with $c = \max_l z_l$ no exponential overflows",
           display=(r"\log \sum_l e^{z_l}", r"c + \log \sum_l e^{z_l - c}"))
    return D


# --------------------------------------------------------------------------
# Chapter 17: multilayer perceptrons
# --------------------------------------------------------------------------
def _expectation(poly, moments):
    """E[poly] for independent random variables, from their moments.

    moments maps each variable to a function k -> E[v^k]; poly is expanded into
    monomials and, by independence, E[prod v^k] = prod E[v^k]."""
    total = 0
    for term in sp.Add.make_args(sp.expand(poly)):
        coeff, factors = sp.S.One, []
        for f in sp.Mul.make_args(term):
            base, power = f.as_base_exp()
            if base in moments:
                factors.append(moments[base](int(power)))
            else:
                coeff *= f
        total += coeff * sp.Mul(*factors)
    return total


@derivation
def cross_entropy_gradient():
    """d/dz of -log softmax(z)_c is softmax(z) - onehot(c), every (c, j) at K = 3."""
    K = 3
    z = sp.symbols(f"z1:{K + 1}", real=True)
    Z = sum(sp.exp(zi) for zi in z)
    s = [sp.exp(zi) / Z for zi in z]
    D = Derivation(f"Gradient of the cross-entropy with respect to the logits (K = {K})")
    D.step(sp.Matrix(K, K, lambda c, j: sp.diff(-sp.log(s[c]), z[j])),
           sp.Matrix(K, K, lambda c, j: s[j] - (1 if c == j else 0)),
           r"differentiate $-\log s_c = -z_c + \log\sum_l e^{z_l}$, for every class $c$ and logit $j$",
           display=(r"\frac{\partial}{\partial z_j}\big(-\log s_c(z)\big)", r"s_j - \mathbb 1[j = c]"))
    return D


@derivation
def variance_propagation():
    """Second moments through a layer, the ReLU halving, and the He and Xavier scales."""
    n_in, n_out = sp.symbols("n_in n_out", integer=True, positive=True)
    s2_w, q, mu, s = sp.symbols("sigma_w^2 q mu sigma", positive=True)
    zz, a = sp.Symbol("z", real=True), sp.Symbol("a", positive=True)
    width = 3
    w = sp.symbols(f"w1:{width + 1}", real=True)
    x = sp.symbols(f"x1:{width + 1}", real=True)
    moments = {wi: (lambda k: {0: 1, 1: 0, 2: s2_w}[k]) for wi in w}       # zero mean, variance sigma_w^2
    moments.update({xi: (lambda k: {0: 1, 1: mu, 2: q}[k]) for xi in x})   # any mean mu, second moment q
    D = Derivation("Variance propagation through a layer and the initialisation it implies")
    D.step(_expectation(sum(wi * xi for wi, xi in zip(w, x)) ** 2, moments), width * s2_w * q,
           rf"expand the square; independence and $\mathbb E[w_i] = 0$ kill every cross term "
           rf"(checked at $n = {width}$ inputs, whatever the mean $\mu$ of $x_i$)",
           display=(r"\mathbb E\Big[\big(\textstyle\sum_{i=1}^{n} w_i x_i\big)^2\Big]",
                    r"n\, \sigma_w^2\, \mathbb E[x_i^2]"))
    gauss = sp.exp(-zz ** 2 / (2 * s ** 2)) / sp.sqrt(2 * sp.pi * s ** 2)
    D.step(sp.integrate(zz ** 2 * gauss, (zz, 0, sp.oo)), s ** 2 / 2,
           r"for $z \sim \mathcal N(0, \sigma^2)$, $\operatorname{relu}(z)^2$ is $z^2$ on half the "
           r"line and 0 on the other",
           display=(r"\mathbb E[\operatorname{relu}(z)^2] = \int_0^\infty z^2\, \varphi_\sigma(z)\, dz",
                    r"\sigma^2 / 2"))
    D.step((n_in * s2_w * s ** 2 / 2).subs(s2_w, 2 / n_in), s ** 2,
           r"He: with $\sigma_w^2 = 2/n_{\mathrm{in}}$ the pre-activation variance is the same in every layer",
           display=(r"n_{\mathrm{in}}\, \sigma_w^2\, \tfrac{\sigma^2}{2}\Big|_{\sigma_w^2 = 2/n_{\mathrm{in}}}",
                    r"\sigma^2"))
    D.start(sp.integrate(zz ** 2 / (2 * a), (zz, -a, a)))
    D.then(a ** 2 / 3, r"the variance of $\mathcal U(-a, a)$",
           display=(r"\int_{-a}^{a} \frac{w^2}{2a}\, dw", r"\frac{a^2}{3}"))
    D.step((a ** 2 / 3).subs(a, sp.sqrt(6 / (n_in + n_out))), 2 / (n_in + n_out),
           r"Xavier: $a = \sqrt{6/(n_{\mathrm{in}} + n_{\mathrm{out}})}$ gives the compromise between "
           r"$n_{\mathrm{in}}\sigma_w^2 = 1$ (forward) and $n_{\mathrm{out}}\sigma_w^2 = 1$ (backward)",
           display=(r"\frac{a^2}{3}\Big|_{a = \sqrt{6/(n_{\mathrm{in}} + n_{\mathrm{out}})}}",
                    r"\frac{2}{n_{\mathrm{in}} + n_{\mathrm{out}}}"))
    return D


@derivation
def adam_bias_correction():
    """An exponential moving average started at 0 is biased by the factor 1 - beta^t."""
    beta, mu = sp.symbols("beta mu", positive=True)
    T = sp.Symbol("t", integer=True, positive=True)
    i = sp.Symbol("i", integer=True, positive=True)
    g = sp.symbols("g1:4", real=True)
    m = 0
    for gi in g:                                  # m_t = beta m_{t-1} + (1 - beta) g_t, m_0 = 0
        m = beta * m + (1 - beta) * gi
    D = Derivation("Why Adam divides by 1 - beta^t")
    D.step(m, sum((1 - beta) * beta ** (3 - k) * g[k - 1] for k in range(1, 4)),
           r"unroll $m_t = \beta m_{t-1} + (1 - \beta) g_t$ from $m_0 = 0$ (shown at $t = 3$)",
           display=(r"m_3", r"\textstyle\sum_{i=1}^{3} (1 - \beta)\beta^{3-i} g_i"))
    D.step(sp.summation((1 - beta) * beta ** (T - i) * mu, (i, 1, T)), (1 - beta ** T) * mu,
           r"take expectations with $\mathbb E[g_i] = \mu$ for every $i$: a geometric sum, for all $t$",
           display=(r"\mathbb E[m_t] = \textstyle\sum_{i=1}^{t} (1 - \beta)\beta^{t-i} \mu",
                    r"(1 - \beta^t)\, \mu"))
    return D


@derivation
def inverted_dropout():
    """Inverted dropout keeps the mean of every activation and adds variance x^2 p / (1 - p)."""
    p = sp.Symbol("p", positive=True)
    x = sp.Symbol("x", real=True)
    keep = 1 - p                                   # P(mask = 1)
    out = x / (1 - p)                              # the kept activation, scaled up
    D = Derivation("Inverted dropout: mean kept, variance added")
    D.step(keep * out + p * 0, x, r"a unit is kept with probability $1 - p$ and scaled by $1/(1 - p)$",
           display=(r"\mathbb E\big[\tfrac{m}{1 - p}\, x\big]", r"x"))
    D.step(keep * out ** 2 + p * 0 - x ** 2, x ** 2 * p / (1 - p), r"second moment minus squared mean",
           display=(r"\operatorname{Var}\big[\tfrac{m}{1 - p}\, x\big]", r"\frac{p}{1 - p}\, x^2"))
    return D
