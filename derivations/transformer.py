"""Derivations shown in chapter 20 (a mini-transformer in NumPy), chapters/03-neural/.

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from derivations.nn import _expectation  # E[polynomial] of independent variables (chapter 17)
from mlfp.derive import Derivation, derivation


@derivation
def attention_score_variance():
    """q.k has mean 0 and variance d for independent unit-variance entries; 1/sqrt(d) restores 1."""
    width = 3
    d = sp.Symbol("d", integer=True, positive=True)
    q = sp.symbols(f"q1:{width + 1}", real=True)
    k = sp.symbols(f"k1:{width + 1}", real=True)
    unit = (lambda j: {0: 1, 1: 0, 2: 1}[j])          # mean 0, variance 1
    moments = {v: unit for v in q + k}
    dot = sum(qi * ki for qi, ki in zip(q, k))
    D = Derivation("Why the scores are divided by the square root of d")
    D.step(_expectation(dot, moments), 0,
           rf"independence and $\mathbb E[q_i] = \mathbb E[k_i] = 0$ (checked at $d = {width}$)",
           display=(r"\mathbb E\big[q^\top k\big]", r"0"))
    D.step(_expectation(dot ** 2, moments), width,
           rf"expand the square: the $d$ terms $\mathbb E[q_i^2]\,\mathbb E[k_i^2] = 1$ survive, "
           rf"every cross term has a factor $\mathbb E[q_i] = 0$ (checked at $d = {width}$)",
           display=(r"\operatorname{Var}\big[q^\top k\big] = \mathbb E\big[(q^\top k)^2\big]", r"d"))
    D.step(d / sp.sqrt(d) ** 2, 1,
           r"scaling a random variable by $c$ scales its variance by $c^2$, here $c = 1/\sqrt d$",
           display=(r"\operatorname{Var}\big[q^\top k / \sqrt d\big]", r"1"))
    return D


@derivation
def attention_vjp():
    """Gradients of g . o for o = sum_j softmax(c q.k_j)_j v_j, one query, three keys, d = 2."""
    K, width = 3, 2
    c, g = sp.Symbol("c", positive=True), sp.Symbol("g", real=True)
    q = sp.symbols(f"q1:{width + 1}", real=True)
    kk = [sp.symbols(f"k{j}_1:{width + 1}", real=True) for j in range(1, K + 1)]
    v = sp.symbols(f"v1:{K + 1}", real=True)
    s = [c * sum(qa * ka for qa, ka in zip(q, kj)) for kj in kk]
    Z = sum(sp.exp(sj) for sj in s)
    P = [sp.exp(sj) / Z for sj in s]
    loss = g * sum(Pj * vj for Pj, vj in zip(P, v))        # <G, O> for one query and scalar values
    dP = [g * vj for vj in v]                              # G V^T
    dS = [P[j] * (dP[j] - sum(dP[i] * P[i] for i in range(K))) for j in range(K)]
    D = Derivation(f"Vector-Jacobian products of attention (one query, {K} keys, d = {width}, "
                   f"scalar values)")
    D.step(sp.Matrix([sp.diff(loss, vj) for vj in v]), sp.Matrix([g * Pj for Pj in P]),
           r"$O = PV$ is linear in $V$",
           display=(r"\bar V", r"P^\top G"))
    t = sp.symbols(f"t1:{K + 1}", real=True)                # the scores as free variables
    Zt = sum(sp.exp(tj) for tj in t)
    loss_t = g * sum(sp.exp(tj) / Zt * vj for tj, vj in zip(t, v))
    Pt = [sp.exp(tj) / Zt for tj in t]
    dS_t = [Pt[j] * (g * v[j] - sum(g * v[i] * Pt[i] for i in range(K))) for j in range(K)]
    D.step(sp.Matrix([sp.diff(loss_t, tj) for tj in t]), sp.Matrix(dS_t),
           r"chain rule through the softmax of each row, with $\bar P = G V^\top$ "
           r"(Chapter 16's softmax VJP, row by row)",
           display=(r"\bar S", r"P \odot \big(\bar P - \operatorname{rowsum}(\bar P \odot P)\big)"))
    D.step(sp.Matrix([sp.diff(loss, qa) for qa in q]),
           sp.Matrix([c * sum(dS[j] * kk[j][a] for j in range(K)) for a in range(width)]),
           r"$S = c\,QK^\top$: the matrix-product VJP of Chapter 16",
           display=(r"\bar Q", r"c\, \bar S K"))
    D.step(sp.Matrix([sp.diff(loss, kk[j][a]) for j in range(K) for a in range(width)]),
           sp.Matrix([c * dS[j] * q[a] for j in range(K) for a in range(width)]),
           r"the same product, differentiated in its right factor",
           display=(r"\bar K", r"c\, \bar S^\top Q"))
    return D


@derivation
def layer_norm_vjp():
    """VJP of layer normalisation over d = 3 features, entry by entry."""
    width = 3
    x = sp.symbols(f"x1:{width + 1}", real=True)
    w = sp.symbols(f"w1:{width + 1}", real=True)
    b = sp.symbols(f"b1:{width + 1}", real=True)
    g = sp.symbols(f"g1:{width + 1}", real=True)
    eps = sp.Symbol("epsilon", positive=True)
    mu = sum(x) / width
    var = sum((xi - mu) ** 2 for xi in x) / width
    rstd = 1 / sp.sqrt(var + eps)
    x_hat = [(xi - mu) * rstd for xi in x]
    y = [xh * wi + bi for xh, wi, bi in zip(x_hat, w, b)]
    gw = [gi * wi for gi, wi in zip(g, w)]
    mean = (lambda vals: sum(vals) / width)
    D = Derivation(f"Vector-Jacobian product of layer normalisation (d = {width}, entry by entry)")
    D.step(sp.Matrix([sum(g[i] * sp.diff(y[i], x[j]) for i in range(width)) for j in range(width)]),
           sp.Matrix([rstd * (gw[j] - mean(gw) - x_hat[j] * mean([a * h for a, h in zip(gw, x_hat)]))
                      for j in range(width)]),
           r"differentiate $\hat x_i = (x_i - \mu)/\sqrt{\sigma^2 + \epsilon}$ through $\mu$ and "
           r"$\sigma^2$ and contract with $g \odot w$",
           display=(r"\bar x_j = \sum_i g_i \frac{\partial y_i}{\partial x_j}",
                    r"\frac{1}{\sqrt{\sigma^2 + \epsilon}}\Big((g \odot w)_j - \overline{g \odot w}"
                    r" - \hat x_j\, \overline{g \odot w \odot \hat x}\Big)"))
    D.step(sp.Matrix([sum(g[i] * sp.diff(y[i], w[j]) for i in range(width)) for j in range(width)]),
           sp.Matrix([g[j] * x_hat[j] for j in range(width)]),
           r"$y$ is linear in $w$ and $b$ (summed over the rows of a batch)",
           display=(r"\bar w_j", r"g_j \hat x_j"))
    return D


@derivation
def gelu_derivative():
    """d/dx x Phi(x) = Phi(x) + x phi(x)."""
    x = sp.Symbol("x", real=True)
    Phi = (1 + sp.erf(x / sp.sqrt(2))) / 2
    phi = sp.exp(-x ** 2 / 2) / sp.sqrt(2 * sp.pi)
    D = Derivation("The derivative of GELU")
    D.step(sp.diff(x * Phi, x), Phi + x * phi,
           r"product rule, and $\Phi' = \varphi$ (the derivative of $\operatorname{erf}$ is "
           r"$\tfrac{2}{\sqrt\pi} e^{-u^2}$)",
           display=(r"\frac{d}{dx}\, x\,\Phi(x)", r"\Phi(x) + x\,\varphi(x)"))
    return D


@derivation
def sinusoid_relative_position():
    """A shift by k rotates each (sin, cos) pair by k omega; dot products depend on k only."""
    p, k, w = sp.symbols("p k omega", real=True)
    pair = (lambda pos: sp.Matrix([sp.sin(pos * w), sp.cos(pos * w)]))
    R = sp.Matrix([[sp.cos(k * w), sp.sin(k * w)], [-sp.sin(k * w), sp.cos(k * w)]])
    D = Derivation("The relative-position property of the sinusoidal encoding")
    D.step(pair(p + k), R * pair(p),
           r"the angle-addition formulas: the encoding of $p + k$ is a rotation of that of $p$ "
           r"by the angle $k\omega_i$, a matrix that depends on $k$ and not on $p$",
           display=(r"\begin{pmatrix}\sin((p+k)\omega_i)\\ \cos((p+k)\omega_i)\end{pmatrix}",
                    r"\begin{pmatrix}\cos k\omega_i & \sin k\omega_i\\ -\sin k\omega_i & \cos k\omega_i"
                    r"\end{pmatrix}\begin{pmatrix}\sin p\omega_i\\ \cos p\omega_i\end{pmatrix}"))
    D.step((pair(p).T * pair(p + k))[0, 0], sp.cos(k * w),
           r"a rotation's inner product: summed over the pairs $i$, $\mathrm{PE}_p^\top \mathrm{PE}_{p+k} = "
           r"\sum_i \cos(k\omega_i)$, the same for every $p$",
           display=(r"\sin(p\omega_i)\sin((p+k)\omega_i) + \cos(p\omega_i)\cos((p+k)\omega_i)",
                    r"\cos(k\omega_i)"))
    return D
