"""Derivations shown in chapter 9, Logistic regression and GLMs
(chapters/02-classical/09-logistic-regression-and-glms.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation

n, d = sp.symbols("n d", integer=True, positive=True)


def _sigmoid(z):
    return 1 / (1 + sp.exp(-z))


@derivation
def logistic_loss():
    """The Bernoulli negative log-likelihood with p = sigmoid(eta), its derivatives in eta."""
    eta = sp.Symbol("eta", real=True)
    y = sp.Symbol("y", real=True)
    p = _sigmoid(eta)
    loss = sp.log(1 + sp.exp(eta)) - y * eta
    D = Derivation("The logistic loss and its derivatives")
    D.step(-(y * sp.log(p) + (1 - y) * sp.log(1 - p)), loss,
           r"negative log-likelihood of $y \in \{0, 1\}$ under $p = \sigma(\eta)$, "
           r"using $\log\sigma(\eta) = \eta - \log(1 + e^\eta)$ and $\log(1 - \sigma(\eta)) = -\log(1 + e^\eta)$",
           display=(r"-y\log\sigma(\eta) - (1-y)\log\big(1-\sigma(\eta)\big)", r"\log(1 + e^{\eta}) - y\eta"))
    D.step(sp.diff(loss, eta), p - y, "differentiate once",
           display=(r"\frac{d}{d\eta}\big[\log(1+e^\eta) - y\eta\big]", r"\sigma(\eta) - y"))
    D.step(sp.diff(loss, eta, 2), p * (1 - p), "and twice: positive, so the loss is convex in $\\eta$",
           display=(r"\frac{d^2}{d\eta^2}\big[\log(1+e^\eta) - y\eta\big]", r"\sigma(\eta)\big(1 - \sigma(\eta)\big)"))
    return D


@derivation
def logistic_gradient_hessian():
    """Gradient and Hessian in w of the loss of one example with eta = x^T w (two features)."""
    x = sp.Matrix(sp.symbols("x_1:3", real=True))
    w = sp.Matrix(sp.symbols("w_1:3", real=True))
    v = sp.Matrix(sp.symbols("v_1:3", real=True))
    y = sp.Symbol("y", real=True)
    eta = (x.T * w)[0, 0]
    loss = sp.log(1 + sp.exp(eta)) - y * eta
    p = _sigmoid(eta)
    grad = sp.Matrix([sp.diff(loss, wj) for wj in w])
    hess = sp.hessian(loss, list(w))
    D = Derivation("Gradient and Hessian of the logistic loss (one example, two features)")
    D.step(grad, (p - y) * x, r"chain rule through $\eta = x^\top w$",
           display=(r"\nabla_w \ell(x^\top w)", r"\big(\sigma(x^\top w) - y\big)\,x"))
    D.step(hess, p * (1 - p) * x * x.T, "differentiate again",
           display=(r"\nabla^2_w \ell(x^\top w)", r"\sigma(x^\top w)\big(1 - \sigma(x^\top w)\big)\,x x^\top"))
    D.step((v.T * hess * v)[0, 0], p * (1 - p) * (x.T * v)[0, 0] ** 2,
           r"a quadratic form of the Hessian is a positive weight times a square: "
           r"$\nabla^2 \succeq 0$, and summing over examples, $\nabla^2 L = X^\top D X / n + \lambda I$ "
           r"with $D = \operatorname{diag}(p_i(1 - p_i))$",
           display=(r"v^\top \nabla^2_w \ell\, v", r"\sigma(1-\sigma)\,(x^\top v)^2 \;\ge\; 0"))
    return D


@derivation
def newton_is_irls():
    """A Newton step for penalised logistic regression solves a weighted least-squares problem."""
    X = sp.MatrixSymbol("X", n, d)
    w = sp.MatrixSymbol("w", d, 1)
    y, p = sp.MatrixSymbol("y", n, 1), sp.MatrixSymbol("p", n, 1)
    Dw = sp.MatrixSymbol("D", n, n)                   # diag(p_i (1 - p_i)), invertible
    Lam = sp.MatrixSymbol("Lambda", d, d)             # the penalty's Hessian
    H = X.T * Dw * X + Lam
    g = X.T * (p - y) + Lam * w
    D = Derivation("Newton's method is iteratively reweighted least squares", dims={n: 3, d: 2})
    D.step(H * w - g, X.T * Dw * X * w + X.T * (y - p),
           r"the Newton step $w^+ = w - H^{-1}g$ solves $Hw^+ = Hw - g$; expand",
           assumptions=r"$H = X^\top D X + \Lambda$, $g = X^\top(p - y) + \Lambda w$ (gradient and Hessian times $n$)",
           display=(r"Hw - g", r"X^\top D X w + X^\top (y - p)"))
    D.step(X.T * Dw * X * w + X.T * (y - p), X.T * Dw * (X * w + Dw.I * (y - p)),
           r"factor out $X^\top D$: the working response is $z = Xw + D^{-1}(y - p)$",
           assumptions=r"$0 < p_i < 1$, so $D$ is invertible",
           display=(r"X^\top D X w + X^\top (y - p)", r"X^\top D\,\big(Xw + D^{-1}(y - p)\big) = X^\top D z"))
    return D


@derivation
def softmax_loss():
    """Softmax cross-entropy: gradient p - y, Hessian diag(p) - p p^T (PSD), shift invariance."""
    K = 3
    eta = sp.Matrix(sp.symbols("eta_1:4", real=True))
    y = sp.Matrix(sp.symbols("y_1:4", real=True))
    v = sp.Matrix(sp.symbols("v_1:4", real=True))
    m = sp.Symbol("m", real=True)
    Z = sum(sp.exp(e) for e in eta)
    p = sp.Matrix([sp.exp(e) / Z for e in eta])
    loss = sp.log(Z) - (y.T * eta)[0, 0]
    grad = sp.Matrix([sp.diff(loss, e) for e in eta])
    hess = sp.hessian(loss, list(eta))
    pv = (p.T * v)[0, 0]
    D = Derivation("The softmax cross-entropy (three classes)")
    D.step(grad, p - y, r"$\partial/\partial\eta_k$ of $\log\sum_j e^{\eta_j} - \sum_j y_j\eta_j$, "
           r"$y$ one-hot (only $\sum_j y_j = 1$ is used later)",
           display=(r"\nabla_\eta \Big[\log\sum_j e^{\eta_j} - y^\top\eta\Big]", r"p - y,\quad p_k = \frac{e^{\eta_k}}{\sum_j e^{\eta_j}}"))
    D.step(hess, sp.diag(*p) - p * p.T, "differentiate again",
           display=(r"\nabla^2_\eta", r"\operatorname{diag}(p) - pp^\top"))
    D.step((v.T * hess * v)[0, 0], sum(p[k] * (v[k] - pv) ** 2 for k in range(K)),
           r"a quadratic form of the Hessian is the variance of $v$ under $p$, so it is PSD; it is "
           r"zero for $v \propto \mathbf 1$: adding a constant to every $\eta_k$ changes nothing",
           display=(r"v^\top\big(\operatorname{diag}(p) - pp^\top\big)v", r"\sum_k p_k\big(v_k - p^\top v\big)^2"))
    D.step(sp.log(Z), m + sp.log(sum(sp.exp(e - m) for e in eta)),
           r"log-sum-exp is shift-invariant; with $m = \max_k \eta_k$ no exponential overflows",
           display=(r"\log\sum_k e^{\eta_k}", r"m + \log\sum_k e^{\eta_k - m}"))
    return D


@derivation
def poisson_loss():
    """Half the Poisson deviance, with the log link: gradient mu - y and Hessian mu."""
    eta = sp.Symbol("eta", real=True)
    y = sp.Symbol("y", positive=True)
    mu = sp.exp(eta)
    half_dev = y * sp.log(y / mu) - y + mu
    D = Derivation("The Poisson loss with the log link")
    D.step(half_dev, (mu - y * eta) + (y * sp.log(y) - y),
           r"half the unit deviance, $\mu = e^\eta$: the loss $e^\eta - y\eta$ plus a term free of $\eta$ "
           r"(for $y = 0$ that term is $0$)",
           display=(r"\tfrac12 d(y, \mu) = y\log\frac{y}{\mu} - y + \mu", r"\big(e^{\eta} - y\eta\big) + \big(y\log y - y\big)"))
    D.step(sp.diff(mu - y * eta, eta), mu - y, "differentiate once",
           display=(r"\frac{d}{d\eta}\big[e^\eta - y\eta\big]", r"\mu - y"))
    D.step(sp.diff(mu - y * eta, eta, 2), mu, "and twice: the Hessian weight is $\\mu_i$ (convex)",
           display=(r"\frac{d^2}{d\eta^2}\big[e^\eta - y\eta\big]", r"\mu"))
    return D


@derivation
def separable_divergence():
    """On separable data the logistic loss decreases forever along the separating direction."""
    c = sp.Symbol("c", positive=True)
    m1, m2, m3 = sp.symbols("m_1:4", positive=True)         # margins s_i x_i^T w > 0
    L = sum(sp.log(1 + sp.exp(-c * m)) for m in (m1, m2, m3))
    dL = -sum(m / (1 + sp.exp(c * m)) for m in (m1, m2, m3))
    D = Derivation("No minimiser on separable data (three examples)")
    D.step(sp.diff(L, c), dL, r"differentiate the loss of $c\,w$ in $c$; labels $s_i \in \{-1, +1\}$, "
           r"margins $m_i = s_i x_i^\top w > 0$",
           assumptions="w separates the data: every margin m_i is positive",
           display=(r"\frac{d}{dc}\sum_i \log\big(1 + e^{-c\,m_i}\big)", r"-\sum_i \frac{m_i}{1 + e^{c\,m_i}}"))
    D.step(dL, 0, "every term is negative: the loss falls for ever as $c$ grows, towards 0, never reached",
           relation="<=", method="numeric",
           display=(r"-\sum_i \frac{m_i}{1 + e^{c\,m_i}}", r"0"))
    return D
