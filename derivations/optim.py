"""Derivations for the optimization chapter (chapters/01-foundations/04-optimization.pmd).

Each function builds and returns a `Derivation`; the chapter typesets them and
tests/test_derivations.py verifies them all.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation


@derivation
def gd_error_recursion():
    """One gradient step on a quadratic multiplies the error by I - eta A."""
    d = sp.Symbol("d", integer=True, positive=True)
    A = sp.MatrixSymbol("A", d, d)
    x = sp.MatrixSymbol("x_k", d, 1)
    xs = sp.MatrixSymbol("x_star", d, 1)
    eta = sp.Symbol("eta", positive=True)
    I = sp.Identity(d)
    Q = sp.MatrixSymbol("Q", d, d)
    Lam = sp.MatrixSymbol("Lambda", d, d)
    D = Derivation("Gradient descent on a quadratic: the error recursion", dims={d: 3})
    # b = A x_star, so the gradient A x - b is A (x - x_star)
    D.start(x - eta * (A * x - A * xs) - xs)
    D.then((I - eta * A) * (x - xs), "collect $x_k - x^\\star$; the gradient is $A x_k - b$ with "
           "$b = A x^\\star$",
           display=(r"x_{k+1} - x^\star = x_k - \eta\,(A x_k - A x^\star) - x^\star",
                    r"(I - \eta A)(x_k - x^\star)"))

    # Q orthogonal means Q^{-1} = Q^T; the identity below holds for every invertible Q.
    D.step(I - eta * Q * Lam * Q.I, Q * (I - eta * Lam) * Q.I,
           "in the eigenbasis $A = Q\\Lambda Q^{-1}$ (with $Q^{-1} = Q^\\top$, $\\Lambda$ diagonal) "
           "the iteration matrix is diagonal: coordinate $i$ of $Q^\\top e_k$ is multiplied by "
           "$1 - \\eta\\lambda_i$",
           display=(r"I - \eta A", r"Q\,(I - \eta\Lambda)\,Q^\top"))
    return D


@derivation
def gd_contraction_factor():
    """With eta = 2/(L+mu) the worst eigen-direction contracts by (kappa-1)/(kappa+1)."""
    mu, L, kappa = sp.symbols("mu L kappa", positive=True)
    eta = 2 / (L + mu)
    rho = (L - mu) / (L + mu)
    D = Derivation("Gradient descent on a quadratic: the contraction factor")
    D.step(1 - eta * mu, rho, "the factor of the flattest direction, $\\lambda = \\mu$",
           display=(r"1 - \eta\mu", r"\frac{L-\mu}{L+\mu}"))
    D.step(-(1 - eta * L), rho, "the factor of the steepest direction, $\\lambda = L$, "
           "has the same modulus and the opposite sign",
           display=(r"-(1 - \eta L)", r"\frac{L-\mu}{L+\mu}"))
    D.step(rho.subs(L, kappa * mu), (kappa - 1) / (kappa + 1),
           "divide through by $\\mu$ and write $\\kappa = L/\\mu$",
           display=(r"\frac{L-\mu}{L+\mu}", r"\frac{\kappa-1}{\kappa+1}"))

    t = sp.Symbol("t", positive=True)    # lambda = mu + t (L - mu), t in [0, 1]
    lam_t = mu + t * (L - mu)
    samplers = {mu: lambda rng: rng.uniform(0.05, 2.0),
                L: lambda rng: rng.uniform(2.0, 100.0),
                t: lambda rng: rng.uniform(0.0, 1.0)}
    D.step(sp.Abs(1 - eta * lam_t), rho,
           "$1 - \\eta\\lambda$ is linear in $\\lambda$, so on $[\\mu, L]$ its modulus is largest "
           "at an end point",
           relation="<=", method="numeric", samplers=samplers,
           display=(r"|1 - \eta\lambda|", r"\frac{L-\mu}{L+\mu}\quad (\mu \le \lambda \le L)"),
           assumptions="$0 < \\mu \\le \\lambda \\le L$")
    h = sp.Symbol("h", positive=True)    # any other step size
    D.step(sp.Max(sp.Abs(1 - h * mu), sp.Abs(1 - h * L)), rho,
           "no step size does better: lowering one end point's factor raises the other's",
           relation=">=", method="numeric",
           samplers={mu: lambda rng: rng.uniform(0.05, 2.0),
                     L: lambda rng: rng.uniform(2.0, 100.0),
                     h: lambda rng: rng.uniform(0.0, 1.5)},
           display=(r"\max(|1 - h\mu|, |1 - hL|)", r"\frac{L-\mu}{L+\mu}\quad\text{for every } h > 0"))
    return D


@derivation
def newton_step():
    """The Newton step minimises the local quadratic model and solves a quadratic in one step."""
    n = 3
    g = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"g_{i}", real=True))
    p = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"p_{i}", real=True))
    delta = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"delta_{i}", real=True))
    hs = {}

    def h(i, j):
        i, j = min(i, j), max(i, j)
        return hs.setdefault((i, j), sp.Symbol(f"h_{i}{j}", real=True))

    H = sp.Matrix(n, n, h)                      # an explicit symmetric 3x3 matrix
    f0 = sp.Symbol("f_0", real=True)

    def model(v):
        return f0 + (g.T * v)[0] + (v.T * H * v)[0] / 2

    D = Derivation("The Newton step")
    grad_model = sp.Matrix([sp.diff(model(p), pi) for pi in p])
    D.step(grad_model, g + H * p, "differentiate the model $m(p) = f + g^\\top p + "
           "\\tfrac12 p^\\top H p$ ($H$ symmetric)",
           display=(r"\nabla m(p)", r"g + H p"))
    # Write g through the stationary point: g = -H p_star.  Then m(p_star + delta) - m(p_star)
    ps = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"s_{i}", real=True))
    gs = -H * ps

    def model_s(v):
        return f0 + (gs.T * v)[0] + (v.T * H * v)[0] / 2

    D.step(model_s(ps + delta) - model_s(ps), (delta.T * H * delta)[0] / 2,
           "at the stationary point $p^\\star$ of $m$, $g = -Hp^\\star$; the cross terms cancel, "
           "so $p^\\star$ is the minimiser exactly when $H \\succ 0$",
           display=(r"m(p^\star + \delta) - m(p^\star)", r"\tfrac12\,\delta^\top H \delta"))
    # Newton on a quadratic f(x) = x^T A x / 2 - b^T x lands on the minimiser in one step.
    d = sp.Symbol("d", integer=True, positive=True)
    A = sp.MatrixSymbol("A", d, d)
    x = sp.MatrixSymbol("x", d, 1)
    b = sp.MatrixSymbol("b", d, 1)
    D.step(x - A.I * (A * x - b), A.I * b, "on $f(x) = \\tfrac12 x^\\top A x - b^\\top x$ the model is exact: "
           "$H = A$, $g = Ax - b$, and one step reaches $x^\\star = A^{-1}b$",
           display=(r"x - A^{-1}(A x - b)", r"A^{-1} b"))
    return D


@derivation
def heavy_ball_rate():
    """Heavy ball on a 1-D quadratic: with the tuned parameters the roots have modulus
    (sqrt(kappa)-1)/(sqrt(kappa)+1)."""
    z = sp.Symbol("z")
    lam, beta, eta = sp.symbols("lambda beta eta", positive=True)
    a, c = sp.symbols("a c", positive=True)          # a = sqrt(mu), c = sqrt(L)
    k = sp.Symbol("k", integer=True, positive=True)
    D = Derivation("Heavy ball on a quadratic: the rate")
    # e_{k+1} = e_k - eta*lam*e_k + beta*(e_k - e_{k-1}); try e_k = z^k
    D.step(z ** (k + 1) - (1 + beta - eta * lam) * z ** k + beta * z ** (k - 1),
           z ** (k - 1) * (z ** 2 - (1 + beta - eta * lam) * z + beta),
           "$e_k = z^k$ solves $e_{k+1} = (1 + \\beta - \\eta\\lambda) e_k - \\beta e_{k-1}$ "
           "exactly when $z$ is a root of the characteristic polynomial",
           display=(r"z^{k+1} - (1+\beta-\eta\lambda) z^k + \beta z^{k-1}",
                    r"z^{k-1}\bigl(z^2 - (1+\beta-\eta\lambda) z + \beta\bigr)"))
    eta_star = 4 / (a + c) ** 2
    beta_star = ((c - a) / (c + a)) ** 2
    D.step((1 + beta_star - eta_star * a ** 2), 2 * (c - a) / (c + a),
           "with $\\eta = 4/(\\sqrt L + \\sqrt\\mu)^2$ and $\\beta = \\bigl(\\tfrac{\\sqrt L - \\sqrt\\mu}"
           "{\\sqrt L + \\sqrt\\mu}\\bigr)^2$, at $\\lambda = \\mu$ the middle coefficient is $2\\sqrt\\beta$",
           display=(r"1 + \beta - \eta\mu", r"2\sqrt\beta"))
    D.step((1 + beta_star - eta_star * c ** 2), -2 * (c - a) / (c + a),
           "and at $\\lambda = L$ it is $-2\\sqrt\\beta$; in between it is linear in $\\lambda$, "
           "so $|1 + \\beta - \\eta\\lambda| \\le 2\\sqrt\\beta$ and the roots are complex",
           display=(r"1 + \beta - \eta L", r"-2\sqrt\beta"))
    t = sp.Symbol("t", real=True)                    # t = 1 + beta - eta*lam, t^2 <= 4 beta
    s = sp.Symbol("s", positive=True)                # s = sqrt(4 beta - t^2)
    root = (t + sp.I * s) / 2
    D.step(root * sp.conjugate(root), (t ** 2 + s ** 2) / 4,
           "a complex root is $z = \\tfrac12(t + i s)$ with $t = 1 + \\beta - \\eta\\lambda$ and "
           "$s = \\sqrt{4\\beta - t^2}$",
           display=(r"|z|^2 = z\bar z", r"\tfrac14(t^2 + s^2)"))
    D.step((t ** 2 + (4 * beta - t ** 2)) / 4, beta,
           "substitute $s^2 = 4\\beta - t^2$: every root has $|z|^2 = \\beta$, whatever $\\lambda$ is",
           display=(r"\tfrac14\bigl(t^2 + 4\beta - t^2\bigr)", r"\beta"))
    kappa = sp.Symbol("kappa", positive=True)
    D.step(((c - a) / (c + a)).subs(c, a * sp.sqrt(kappa)), (sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1),
           "so $|z| = \\sqrt\\beta$; divide by $\\sqrt\\mu$ and write $\\kappa = L/\\mu$",
           display=(r"|z| = \sqrt\beta = \frac{\sqrt L - \sqrt\mu}{\sqrt L + \sqrt\mu}",
                    r"\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}"))
    return D


@derivation
def approximate_armijo():
    """For a quadratic phi, Armijo's condition is equivalent to a condition on the slope."""
    t, c1 = sp.symbols("t c_1", positive=True)
    f0, s, a = sp.symbols("f_0 s a", real=True)       # phi(0), phi'(0), phi''
    phi = f0 + s * t + a * t ** 2 / 2
    dphi = sp.diff(phi, t)
    D = Derivation("Sufficient decrease from slopes")
    D.step(dphi, s + a * t, "differentiate the quadratic $\\phi(t) = \\phi(0) + \\phi'(0)\\,t + "
           "\\tfrac12 a t^2$",
           display=(r"\phi'(t)", r"\phi'(0) + a t"))
    D.step(phi - f0 - c1 * t * s, t / 2 * ((s + a * t) - (2 * c1 - 1) * s),
           "the Armijo slack is $t/2$ times the slack of the slope condition, so for $t > 0$ the "
           "two conditions hold together",
           display=(r"\phi(t) - \phi(0) - c_1 t\,\phi'(0)",
                    r"\tfrac{t}{2}\bigl(\phi'(t) - (2c_1 - 1)\,\phi'(0)\bigr)"))
    return D
