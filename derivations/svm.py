"""Derivations shown in chapter 12, Support vector machines and kernels
(chapters/02-classical/12-svms-and-kernels.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
Steps on abstract matrices whose symbolic expansion SymPy cannot finish quickly
are forced to method="fixed": written out as explicit matrices of the stated
size and simplified entry by entry.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation

n, d, p = sp.symbols("n d p", integer=True, positive=True)


@derivation
def svm_margin():
    """The distance from a point to the hyperplane w^T z + b = 0 is |w^T x + b| / ||w||."""
    w, x = sp.MatrixSymbol("w", d, 1), sp.MatrixSymbol("x", d, 1)
    b = sp.Symbol("b", real=True)
    s = (w.T * x)[0, 0] + b                 # the signed score w^T x + b
    ww = (w.T * w)[0, 0]                    # ||w||^2
    foot = x - w * s / ww                   # move from x along w until the score is zero
    nonzero = r"$w \neq 0$"
    D = Derivation("Distance to a hyperplane", dims={d: 3})
    D.step((w.T * foot)[0, 0] + b, 0,
           r"the foot point $x_\perp = x - \frac{w^\top x + b}{\|w\|^2} w$ lies on the hyperplane",
           method="fixed", assumptions=nonzero,
           display=(r"w^\top x_\perp + b", "0"))
    D.step(((x - foot).T * (x - foot))[0, 0], s ** 2 / ww,
           r"the squared distance from $x$ to its foot point",
           method="fixed", assumptions=nonzero,
           display=(r"\|x - x_\perp\|^2", r"\frac{(w^\top x + b)^2}{\|w\|^2}"))
    return D


@derivation
def svm_soft_margin_dual():
    """Stationarity of the soft-margin Lagrangian and the dual objective it leaves."""
    X, w = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("w", d, 1)
    alpha, mu, xi = (sp.MatrixSymbol(s, n, 1) for s in ("alpha", "mu", "xi"))
    Y = sp.MatrixSymbol("Y", n, n)          # diag(y); the identities hold for any Y
    b, C = sp.Symbol("b", real=True), sp.Symbol("C", positive=True)
    one = sp.OneMatrix(n, 1)
    L = (w.T * w) / 2 + C * one.T * xi - (Y * alpha).T * (X * w + b * one) + alpha.T * (one - xi) - mu.T * xi
    D = Derivation("The soft-margin dual", dims={n: 3, d: 2})
    D.step(sp.diff(L, w), w - X.T * Y * alpha, r"differentiate $\mathcal{L}$ in $w$ (SymPy's matrix derivative)",
           display=(r"\nabla_w \mathcal{L}", r"w - X^\top Y \alpha"))
    D.step(sp.diff(L, b), -(Y * alpha).T * one, r"differentiate in $b$",
           display=(r"\partial \mathcal{L} / \partial b", r"-\textstyle\sum_i \alpha_i y_i"))
    D.step(sp.diff(L, xi), C * one - alpha - mu, r"differentiate in $\xi$",
           display=(r"\nabla_\xi \mathcal{L}", r"C\mathbf{1} - \alpha - \mu"))
    D.step(L.subs({w: X.T * Y * alpha}).subs({mu: C * one - alpha}),
           alpha.T * one - (Y * alpha).T * X * X.T * (Y * alpha) / 2 - b * (Y * alpha).T * one,
           r"substitute $w = X^\top Y\alpha$ and $\mu = C\mathbf{1} - \alpha$: the slacks cancel",
           display=(r"\mathcal{L}\big(X^\top Y\alpha,\, b,\, \xi,\, \alpha,\, C\mathbf{1} - \alpha\big)",
                    r"\mathbf{1}^\top\alpha - \tfrac12 \alpha^\top Y X X^\top Y \alpha - b\, y^\top \alpha"))
    return D


@derivation
def smo_two_variable_step():
    """The dual along the direction that moves two multipliers, and its minimiser."""
    S = sp.MatrixSymbol("S", n, n)
    alpha, dvec = sp.MatrixSymbol("alpha", n, 1), sp.MatrixSymbol("d", n, 1)
    t = sp.Symbol("t", real=True)
    one = sp.OneMatrix(n, 1)
    Q = S + S.T                             # every symmetric matrix has this form (S = Q/2)

    def f(a):
        return (a.T * Q * a) / 2 - one.T * a

    D = Derivation("The two-variable SMO step", dims={n: 3})
    D.step(f(alpha + t * dvec), f(alpha) + t * dvec.T * (Q * alpha - one) + t ** 2 / 2 * dvec.T * Q * dvec,
           r"expand the quadratic $f(\alpha) = \frac12\alpha^\top Q\alpha - \mathbf{1}^\top\alpha$ "
           r"along $d$ ($Q$ symmetric)", method="fixed",
           display=(r"f(\alpha + t d)", r"f(\alpha) + t\, d^\top \nabla f(\alpha) + \tfrac{t^2}{2}\, d^\top Q d"))
    # labels y_k = (-1)^{m_k} with integer m_k: exactly the values +1 and -1
    m = sp.symbols("m0:3", integer=True)
    y = [(-1) ** mk for mk in m]
    K = sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"K_{min(i, j)}{max(i, j)}", real=True))
    Yd = sp.diag(*y)
    d_ij = sp.Matrix([y[0], -y[1], 0])      # i = 0, j = 1: alpha_i += y_i t, alpha_j -= y_j t
    D.step((d_ij.T * Yd * K * Yd * d_ij)[0, 0], K[0, 0] + K[1, 1] - 2 * K[0, 1],
           r"with $Q = YKY$, $d = y_i e_i - y_j e_j$ and $y_k \in \{-1, +1\}$ (shown for $n = 3$, $i=1$, $j=2$)",
           display=(r"d^\top Q d", r"K_{ii} + K_{jj} - 2K_{ij} =: a_{ij}"))
    g, a = sp.Symbol("g", real=True), sp.Symbol("a", positive=True)
    q = t * g + a * t ** 2 / 2              # f(alpha + t d) - f(alpha), g = d^T grad f
    D.step(sp.diff(q, t).subs(t, -g / a), 0, r"the minimiser along the line is $t^\star = -g/a$",
           assumptions=r"$a > 0$",
           display=(r"\frac{\mathrm{d}}{\mathrm{d}t}\Big(t g + \tfrac{a}{2}t^2\Big)\Big|_{t = -g/a}", "0"))
    D.step(q.subs(t, -g / a), -g ** 2 / (2 * a), "the decrease it achieves (what WSS-2 maximises)",
           display=(r"f(\alpha + t^\star d) - f(\alpha)", r"-\frac{g^2}{2a}"))
    return D


@derivation
def polynomial_kernel_feature_map():
    """(x^T z + c)^2 in two dimensions is an inner product of explicit six-dimensional features."""
    x1, x2, z1, z2 = sp.symbols("x_1 x_2 z_1 z_2", real=True)
    c = sp.Symbol("c", positive=True)

    def phi(u, v):
        return sp.Matrix([u ** 2, v ** 2, sp.sqrt(2) * u * v, sp.sqrt(2 * c) * u, sp.sqrt(2 * c) * v, c])

    D = Derivation("The quadratic kernel as a feature map")
    D.step((x1 * z1 + x2 * z2 + c) ** 2, (phi(x1, x2).T * phi(z1, z2))[0, 0],
           r"expand the square and group the monomials",
           display=(r"(x^\top z + c)^2",
                    r"\varphi(x)^\top\varphi(z),\ \ \varphi(x) = \big(x_1^2,\ x_2^2,\ \sqrt2\,x_1x_2,\ "
                    r"\sqrt{2c}\,x_1,\ \sqrt{2c}\,x_2,\ c\big)"))
    return D


@derivation
def kernel_ridge_dual():
    """Ridge regression's solution rewritten so that only inner products X X^T appear."""
    X, yv = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("y", n, 1)
    lam = sp.Symbol("lambda", positive=True)
    In, Id = sp.Identity(n), sp.Identity(d)
    D = Derivation("Kernel ridge regression", dims={n: 3, d: 2}, points=6)  # numeric points are slow in SymPy
    D.step((X.T * X + lam * Id) * X.T, X.T * (X * X.T + lam * In), "multiply out both sides",
           display=(r"(X^\top X + \lambda I_d)\, X^\top", r"X^\top (X X^\top + \lambda I_n)"))
    D.step((X.T * X + lam * Id).I * X.T * yv, X.T * (X * X.T + lam * In).I * yv,
           r"multiply on the left by $(X^\top X + \lambda I_d)^{-1}$ and on the right by "
           r"$(XX^\top + \lambda I_n)^{-1}$ (the push-through identity)", method="numeric",
           assumptions=r"$\lambda > 0$, so both matrices are invertible",
           display=(r"w = (X^\top X + \lambda I_d)^{-1} X^\top y",
                    r"X^\top \beta,\quad \beta = (XX^\top + \lambda I_n)^{-1} y"))
    return D
