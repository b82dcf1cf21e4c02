"""Derivations shown in chapter 5, Information theory
(chapters/01-foundations/05-information-theory.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation

_STD_NORMAL_MOMENTS = {0: 1, 1: 0, 2: 1, 3: 0, 4: 3}


def standard_normal_expectation(expr, zs):
    """E[expr] for independent standard normal zs, expr a polynomial of degree <= 4 in each z.

    By linearity, E[sum_c c * prod_i z_i^k_i] = sum_c c * prod_i E[z_i^k_i]; the moments
    E[z^k] are checked by integration in the derivations that use this.
    """
    poly = sp.Poly(sp.expand(expr), *zs)
    total = 0
    for powers, coef in poly.terms():
        term = coef
        for k in powers:
            term *= _STD_NORMAL_MOMENTS[k]
        total += term
    return total


def _moments_step(D, z):
    phi = sp.exp(-z ** 2 / 2) / sp.sqrt(2 * sp.pi)
    D.step(sp.Matrix([sp.integrate(z ** k * phi, (z, -sp.oo, sp.oo)) for k in (1, 2)]), sp.Matrix([0, 1]),
           "SymPy integrates the standard normal density against $z$ and $z^2$",
           display=(r"\big(\mathbb{E}[z],\ \mathbb{E}[z^2]\big)", r"(0,\ 1)"))


@derivation
def gibbs_inequality():
    """KL(p || q) >= 0, from log t <= t - 1."""
    t = sp.Symbol("t", positive=True)
    p1, p2, q1, q2 = sp.symbols("p_1 p_2 q_1 q_2", positive=True)
    p = [p1, p2, 1 - p1 - p2]
    q = [q1, q2, 1 - q1 - q2]
    D = Derivation("Gibbs' inequality")
    D.step(sp.log(t), t - 1, "the logarithm lies below its tangent at $t = 1$",
           method="numeric", relation="<=", assumptions="$t > 0$",
           display=(r"\log t", r"t - 1"))
    D.step(sum(pj * (qj / pj - 1) for pj, qj in zip(p, q)), 0,
           "apply it with $t = q_j/p_j$ to $-\\mathrm{KL}(p\\,\\|\\,q) = \\sum_j p_j \\log(q_j/p_j)$; "
           "the bound sums to zero because both distributions sum to one (here $K = 3$)",
           assumptions="$p_j > 0$ wherever the sum runs; terms with $p_j = 0$ contribute $0$",
           display=(r"-\mathrm{KL}(p\,\|\,q) \le \sum_{j} p_j\Big(\frac{q_j}{p_j} - 1\Big)",
                    r"\sum_j q_j - \sum_j p_j = 0"))
    return D


@derivation
def cross_entropy_is_nll():
    """Average negative log-likelihood of a categorical model = H(p_hat) + KL(p_hat || q)."""
    n1, n2, n3 = sp.symbols("n_1 n_2 n_3", positive=True)       # class counts
    q1, q2, q3 = sp.symbols("q_1 q_2 q_3", positive=True)       # model probabilities
    N = n1 + n2 + n3
    counts, q = [n1, n2, n3], [q1, q2, q3]
    ph = [c / N for c in counts]
    nll = -sum(c * sp.log(qj) for c, qj in zip(counts, q))
    H_ph = -sum(pj * sp.log(pj) for pj in ph)
    KL = sum(pj * sp.log(pj / qj) for pj, qj in zip(ph, q))
    D = Derivation("Cross-entropy loss is the negative log-likelihood")
    D.start(nll)
    D.then(N * -sum(pj * sp.log(qj) for pj, qj in zip(ph, q)),
           r"divide and multiply by $n$; $\hat p_j = n_j / n$ is the empirical distribution",
           display=(r"-\sum_{i=1}^n \log q_{y_i} = -\sum_{j} n_j \log q_j",
                    r"n \Big(-\sum_j \hat p_j \log q_j\Big) = n\, H(\hat p, q)"))
    D.then(N * (H_ph + KL), r"add and subtract $\sum_j \hat p_j \log \hat p_j$",
           display=("", r"n\,\big(H(\hat p) + \mathrm{KL}(\hat p\,\|\,q)\big)"))
    lam = sp.Symbol("lambda", real=True)
    lagr = -sum(pj * sp.log(qj) for pj, qj in zip(ph, q)) + lam * (q1 + q2 + q3 - 1)
    grad = sp.Matrix([sp.diff(lagr, qj) for qj in q]).subs({q1: ph[0], q2: ph[1], q3: ph[2], lam: 1})
    D.step(grad, sp.zeros(3, 1),
           r"the Lagrangian of $\min_q H(\hat p, q)$ subject to $\sum_j q_j = 1$ is stationary at "
           r"$q = \hat p$, $\lambda = 1$ (with $K = 3$ classes)",
           display=(r"\nabla_q\Big[-\sum_j \hat p_j \log q_j + \lambda\Big(\sum_j q_j - 1\Big)\Big]"
                    r"_{q = \hat p,\ \lambda = 1}", "0"))
    z = sp.symbols("z_1 z_2 z_3", real=True)
    Zs = sum(sp.exp(zj) for zj in z)
    loss = -sp.log(sp.exp(z[0]) / Zs)               # true class is the first
    D.step(sp.Matrix([sp.diff(loss, zj) for zj in z]),
           sp.Matrix([sp.exp(zj) / Zs for zj in z]) - sp.Matrix([1, 0, 0]),
           r"with $q = \mathrm{softmax}(z)$ the gradient of the loss of one example of class $c$ "
           r"is $q - e_c$ (here $c = 1$, $K = 3$)",
           display=(r"\nabla_z\big(-\log \mathrm{softmax}(z)_c\big)", r"\mathrm{softmax}(z) - e_c"))
    return D


@derivation
def mutual_information_identities():
    """I(X;Y) = KL(P_XY || P_X P_Y) = H(X) + H(Y) - H(X,Y) = H(X) - H(X|Y), on a 2 x 3 table."""
    P = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"p_{i + 1}{j + 1}", positive=True))
    px = [sum(P[i, :]) for i in range(2)]
    py = [sum(P[:, j]) for j in range(3)]
    cells = [(i, j) for i in range(2) for j in range(3)]
    kl = sum(P[i, j] * sp.log(P[i, j] / (px[i] * py[j])) for i, j in cells)
    H_x = -sum(v * sp.log(v) for v in px)
    H_y = -sum(v * sp.log(v) for v in py)
    H_xy = -sum(P[i, j] * sp.log(P[i, j]) for i, j in cells)
    H_x_given_y = -sum(P[i, j] * sp.log(P[i, j] / py[j]) for i, j in cells)
    D = Derivation("Mutual information as a divergence")
    D.start(kl)
    D.then(H_x + H_y - H_xy, r"expand the logarithm; $\sum_y p(x,y) = p(x)$ and $\sum_x p(x,y) = p(y)$",
           assumptions=r"all cells positive (a $2\times 3$ table of symbols; zero cells contribute $0$)",
           display=(r"\mathrm{KL}(P_{XY}\,\|\,P_X P_Y) = \sum_{x,y} p(x,y)\log\frac{p(x,y)}{p(x)p(y)}",
                    r"H(X) + H(Y) - H(X, Y)"))
    D.then(H_x - H_x_given_y, r"chain rule $H(X, Y) = H(Y) + H(X \mid Y)$",
           display=("", r"H(X) - H(X \mid Y)"))
    return D


@derivation
def miller_madow_bias():
    """The second-order bias of the plug-in entropy estimate is -(K - 1)/(2n)."""
    p = sp.Symbol("p", positive=True)
    n, K = sp.symbols("n K", integer=True, positive=True)
    i, j = sp.Idx("i"), sp.Idx("j")
    P = sp.IndexedBase("p")
    f = -p * sp.log(p)
    D = Derivation("Bias of the plug-in entropy")
    D.step(sp.diff(f, p, 2), -1 / p, r"curvature of one term $f(p) = -p\log p$",
           display=(r"f''(p)", r"-\frac{1}{p}"))
    D.step(sp.Sum(p - p ** 2, (i, 1, n)) / n ** 2, p * (1 - p) / n,
           r"$\hat p = \frac1n\sum_i \mathbf{1}[x_i = j]$ averages $n$ independent indicators, "
           r"each with variance $p - p^2$",
           assumptions="independent draws",
           display=(r"\operatorname{Var}(\hat p) = \frac{1}{n^2}\sum_{i=1}^n (p - p^2)", r"\frac{p(1-p)}{n}"))
    D.step(sp.diff(f, p, 2) / 2 * p * (1 - p) / n, -(1 - p) / (2 * n),
           r"second-order Taylor term: $\mathbb{E}[f(\hat p)] \approx f(p) + f'(p)\,\mathbb{E}[\hat p - p]"
           r" + \tfrac12 f''(p)\operatorname{Var}(\hat p)$ with $\mathbb{E}[\hat p - p] = 0$",
           assumptions=r"$p > 0$; the remainder is $O(n^{-2})$ for fixed $p$",
           display=(r"\tfrac12 f''(p) \operatorname{Var}(\hat p)", r"-\frac{1-p}{2n}"))
    D.step(sp.Sum(-(1 - P[j]) / (2 * n), (j, 1, K)), -(K - sp.Sum(P[j], (j, 1, K))) / (2 * n),
           r"sum over the $K$ categories",
           display=(r"\sum_{j=1}^K -\frac{1-p_j}{2n}", r"-\frac{K - \sum_j p_j}{2n}"))
    p1, p2 = sp.symbols("p_1 p_2", positive=True)
    D.step(sum(-(1 - pj) / (2 * n) for pj in (p1, p2, 1 - p1 - p2)), -(3 - 1) / (2 * n),
           r"$\sum_j p_j = 1$, so $\mathbb{E}[H(\hat p)] - H(p) \approx -\frac{K-1}{2n}$ "
           r"(checked with $K = 3$, $p_3 = 1 - p_1 - p_2$)",
           display=(r"\sum_{j=1}^{K} -\frac{1-p_j}{2n}\Big|_{\sum_j p_j = 1}", r"-\frac{K-1}{2n}"))
    return D


def _log_normal(x, mean, var):
    return -sp.log(2 * sp.pi * var) / 2 - (x - mean) ** 2 / (2 * var)


@derivation
def gaussian_kl_1d():
    """KL(N(mu0, s0^2) || N(mu1, s1^2)) = log(s1/s0) + (s0^2 + (mu0 - mu1)^2)/(2 s1^2) - 1/2."""
    z = sp.Symbol("z", real=True)
    m0, m1 = sp.symbols("mu_0 mu_1", real=True)
    s0, s1 = sp.symbols("sigma_0 sigma_1", positive=True)
    x = m0 + s0 * z
    log_ratio = _log_normal(x, m0, s0 ** 2) - _log_normal(x, m1, s1 ** 2)
    closed = sp.log(s1 / s0) + (s0 ** 2 + (m0 - m1) ** 2) / (2 * s1 ** 2) - sp.Rational(1, 2)
    D = Derivation("KL divergence between univariate normals")
    _moments_step(D, z)
    D.step(log_ratio, sp.log(s1 / s0) - z ** 2 / 2 + (m0 - m1 + s0 * z) ** 2 / (2 * s1 ** 2),
           r"write $x = \mu_0 + \sigma_0 z$, $z \sim \mathcal N(0, 1)$, in the log-density ratio",
           display=(r"\log\frac{p_0(x)}{p_1(x)}",
                    r"\log\frac{\sigma_1}{\sigma_0} - \frac{z^2}{2} + \frac{(\mu_0 - \mu_1 + \sigma_0 z)^2}{2\sigma_1^2}"))
    D.step(standard_normal_expectation(log_ratio, [z]), closed,
           "take the expectation over $z$: linearity and the moments of step (1)",
           display=(r"\mathrm{KL}(p_0\,\|\,p_1) = \mathbb{E}_{z}\Big[\log\frac{p_0(x)}{p_1(x)}\Big]",
                    r"\log\frac{\sigma_1}{\sigma_0} + \frac{\sigma_0^2 + (\mu_0-\mu_1)^2}{2\sigma_1^2} - \frac12"))
    return D


@derivation
def expected_quadratic_form():
    """E[(x - m)^T A (x - m)] = tr(A Sigma) + (mu - m)^T A (mu - m) for x = mu + L z."""
    d = sp.Symbol("d", integer=True, positive=True)
    A = sp.MatrixSymbol("A", d, d)
    L = sp.MatrixSymbol("L", d, d)
    z = sp.MatrixSymbol("z", d, 1)
    delta = sp.MatrixSymbol("delta", d, 1)          # mu - m
    D = Derivation("Expectation of a quadratic form", dims={d: 3})
    D.start((delta + L * z).T * A * (delta + L * z))
    D.then(delta.T * A * delta + delta.T * A * L * z + z.T * L.T * A * delta + z.T * L.T * A * L * z,
           "distribute", display=(r"(\delta + Lz)^\top A (\delta + Lz)",
                                  r"\delta^\top A\delta + \delta^\top A L z + z^\top L^\top A \delta"
                                  r" + z^\top L^\top A L z"))
    D.step(sp.Trace(z.T * L.T * A * L * z), sp.Trace(L.T * A * L * z * z.T),
           r"a scalar is its own trace, and the trace is cyclic; then $\mathbb{E}[z] = 0$ removes the "
           r"middle terms and $\mathbb{E}[zz^\top] = I$ turns this into $\operatorname{tr}(L^\top A L)$",
           display=(r"z^\top L^\top A L z", r"\operatorname{tr}(L^\top A L\, z z^\top)"))
    D.step(sp.Trace(L.T * A * L), sp.Trace(A * L * L.T),
           r"cyclic trace again; with $\Sigma = LL^\top$ the expectation is "
           r"$\operatorname{tr}(A\Sigma) + \delta^\top A \delta$",
           display=(r"\operatorname{tr}(L^\top A L)", r"\operatorname{tr}(A L L^\top) = \operatorname{tr}(A\Sigma)"))
    return D


@derivation
def gaussian_kl_2d():
    """The multivariate Gaussian KL formula, proved symbolically in two dimensions."""
    z1, z2 = sp.symbols("z_1 z_2", real=True)
    l11, l22 = sp.symbols("l_11 l_22", positive=True)
    l21 = sp.Symbol("l_21", real=True)
    s, b = sp.symbols("s b", positive=True)
    c = sp.Symbol("c", real=True)
    mu0 = sp.Matrix(sp.symbols("m_1 m_2", real=True))
    mu1 = sp.Matrix(sp.symbols("n_1 n_2", real=True))
    L0 = sp.Matrix([[l11, 0], [l21, l22]])
    S0 = L0 * L0.T
    S1 = sp.Matrix([[s + c ** 2 / b, c], [c, b]])          # positive definite for all c
    zv = sp.Matrix([z1, z2])
    x = mu0 + L0 * zv
    r = x - mu1
    log_p0 = -sp.log(2 * sp.pi) - sp.log(S0.det()) / 2 - (zv.T * zv)[0, 0] / 2
    log_p1 = -sp.log(2 * sp.pi) - sp.log(S1.det()) / 2 - (r.T * S1.inv() * r)[0, 0] / 2
    dm = mu1 - mu0
    closed = (sp.trace(S1.inv() * S0) + (dm.T * S1.inv() * dm)[0, 0] - 2
              + sp.log(S1.det()) - sp.log(S0.det())) / 2
    D = Derivation("KL divergence between bivariate normals")
    _moments_step(D, z1)
    D.step(standard_normal_expectation(log_p0 - log_p1, [z1, z2]), closed,
           r"write $x = \mu_0 + L_0 z$ with $z \sim \mathcal N(0, I_2)$ and take the expectation by "
           r"linearity and the moments of step (1); $\delta = \mu_1 - \mu_0$, $\Sigma_0 = L_0L_0^\top$",
           assumptions=r"$\Sigma_1$ has entries $\Sigma_{1,22} = b$, $\Sigma_{1,12} = c$, "
                       r"$\Sigma_{1,11} = s + c^2/b$ with $s, b > 0$ (every $2\times 2$ covariance "
                       r"has this form); $L_0$ lower triangular with positive diagonal",
           display=(r"\mathbb{E}_{x\sim p_0}\Big[\log\frac{p_0(x)}{p_1(x)}\Big]",
                    r"\tfrac12\big(\operatorname{tr}(\Sigma_1^{-1}\Sigma_0) + \delta^\top\Sigma_1^{-1}\delta"
                    r" - 2 + \log\tfrac{\det\Sigma_1}{\det\Sigma_0}\big)"))
    return D


@derivation
def plugin_mutual_information_bias():
    """Under independence the plug-in mutual information is biased upwards by (Kx-1)(Ky-1)/(2n)."""
    n, Kx, Ky = sp.symbols("n K_x K_y", integer=True, positive=True)
    D = Derivation("Bias of the plug-in mutual information")
    D.step(-(Kx - 1) / (2 * n) - (Ky - 1) / (2 * n) + (Kx * Ky - 1) / (2 * n),
           (Kx - 1) * (Ky - 1) / (2 * n),
           r"$\hat I = H(\hat p_X) + H(\hat p_Y) - H(\hat p_{XY})$; each plug-in entropy is biased by "
           r"$-(\text{number of cells} - 1)/(2n)$, and the joint table has $K_xK_y$ cells",
           assumptions=r"every cell of the joint table has positive probability (true when $X$ and $Y$ "
                       r"are independent with full support); second order in $1/n$",
           display=(r"\mathbb{E}[\hat I] - I \approx -\frac{K_x - 1}{2n} - \frac{K_y - 1}{2n} + \frac{K_xK_y - 1}{2n}",
                    r"\frac{(K_x-1)(K_y-1)}{2n}"))
    return D
