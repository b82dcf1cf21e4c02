"""Derivations shown in chapter 3, Probability and statistics
(chapters/01-foundations/03-probability-and-statistics.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation

# sizes of the two blocks of a partitioned Gaussian: a = unobserved, b = observed
p, q = sp.symbols("p q", integer=True, positive=True)


def _log_normal(x, mean, var):
    """log N(x; mean, var) for scalars."""
    return -sp.log(2 * sp.pi * var) / 2 - (x - mean) ** 2 / (2 * var)


@derivation
def gaussian_conditioning_2d():
    """Completing the square: a bivariate normal factorises as conditional times marginal."""
    x1, x2, m1, m2, c = sp.symbols("x_1 x_2 mu_1 mu_2 c", real=True)
    s, b = sp.symbols("s b", positive=True)
    # Parametrise by the Schur complement s > 0 and b > 0: then a = s + c^2/b and
    # Sigma = [[a, c], [c, b]] is positive definite for every real c.
    a = s + c ** 2 / b
    Sigma = sp.Matrix([[a, c], [c, b]])
    r = sp.Matrix([x1 - m1, x2 - m2])
    quad = (r.T * Sigma.inv() * r)[0, 0]
    m = m1 + c / b * (x2 - m2)
    pd = r"$b = \Sigma_{22} > 0$ and $s = \Sigma_{11} - \Sigma_{12}^2/\Sigma_{22} > 0$ (positive definite $\Sigma$)"
    D = Derivation("Conditioning a bivariate normal")
    D.step(quad, (x1 - m) ** 2 / s + (x2 - m2) ** 2 / b,
           "complete the square in $x_1$", assumptions=pd,
           display=(r"(x-\mu)^\top \Sigma^{-1} (x-\mu)",
                    r"\frac{\big(x_1 - \mu_1 - \tfrac{c}{b}(x_2-\mu_2)\big)^2}{s} + \frac{(x_2-\mu_2)^2}{b}"))
    D.step(Sigma.det(), s * b, "the determinant is the product of the pivots",
           display=(r"\det \Sigma = ab - c^2", r"s\,b"))
    logjoint = -sp.log((2 * sp.pi) ** 2 * Sigma.det()) / 2 - quad / 2
    D.step(logjoint, _log_normal(x1, m, s) + _log_normal(x2, m2, b),
           "combine the two previous steps",
           display=(r"\log \mathcal{N}(x;\, \mu, \Sigma)",
                    r"\log \mathcal{N}\!\big(x_1;\ \mu_1 + \tfrac{c}{b}(x_2-\mu_2),\ a - \tfrac{c^2}{b}\big)"
                    r" + \log \mathcal{N}(x_2;\ \mu_2, b)"))
    return D


def _blocks():
    A = sp.MatrixSymbol("A", p, p)      # Sigma_aa
    B = sp.MatrixSymbol("B", q, q)      # Sigma_bb
    C = sp.MatrixSymbol("C", p, q)      # Sigma_ab
    S = A - C * B.I * C.T               # Schur complement of Sigma_bb
    Ip, Iq, Z_pq, Z_qp = sp.Identity(p), sp.Identity(q), sp.ZeroMatrix(p, q), sp.ZeroMatrix(q, p)
    Sigma = sp.BlockMatrix([[A, C], [C.T, B]])
    U = sp.BlockMatrix([[Ip, C * B.I], [Z_qp, Iq]])
    U_inv = sp.BlockMatrix([[Ip, -C * B.I], [Z_qp, Iq]])
    L = sp.BlockMatrix([[Ip, Z_pq], [B.I * C.T, Iq]])
    Dg = sp.BlockMatrix([[S, Z_pq], [Z_qp, B]])
    return A, B, C, S, Sigma, U, U_inv, L, Dg


@derivation
def gaussian_conditioning_blocks():
    """Block LDU factorisation of a partitioned covariance, and the Schur complement."""
    A, B, C, S, Sigma, U, U_inv, L, Dg = _blocks()
    u = sp.MatrixSymbol("u", p, 1)      # x_a - mu_a
    w = sp.MatrixSymbol("w", q, 1)      # x_b - mu_b
    inv_b = r"$\Sigma_{bb}$ is invertible"
    D = Derivation("Conditioning a partitioned normal", dims={p: 2, q: 1})
    D.step(Sigma, U * Dg * L, "block elimination of $\\Sigma_{ab}$ and $\\Sigma_{ba}$",
           assumptions=inv_b,
           display=(r"\Sigma",
                    r"\underbrace{\begin{bmatrix}I & \Sigma_{ab}\Sigma_{bb}^{-1}\\ 0 & I\end{bmatrix}}_{U}"
                    r"\begin{bmatrix}S & 0\\ 0 & \Sigma_{bb}\end{bmatrix}"
                    r"\begin{bmatrix}I & 0\\ \Sigma_{bb}^{-1}\Sigma_{ba} & I\end{bmatrix}"))
    D.step(U * U_inv, sp.Identity(p + q),
           "the unit triangular factor is inverted by negating its block (checked: $U U^{-1} = I$)",
           display=(r"U^{-1}", r"\begin{bmatrix}I & -\Sigma_{ab}\Sigma_{bb}^{-1}\\ 0 & I\end{bmatrix}"))
    D.step(U_inv * sp.BlockMatrix([[u], [w]]), sp.BlockMatrix([[u - C * B.I * w], [w]]),
           "apply the inverse factor to the residual $x - \\mu = (u, w)$",
           display=(r"U^{-1}\begin{bmatrix}u\\ w\end{bmatrix}",
                    r"\begin{bmatrix}u - \Sigma_{ab}\Sigma_{bb}^{-1} w\\ w\end{bmatrix}"))
    D.step(sp.Determinant(Sigma), sp.Determinant(S) * sp.Determinant(B),
           "determinant of the factorisation (unit triangular factors have determinant 1)",
           display=(r"\det\Sigma", r"\det S\,\det\Sigma_{bb}"))
    return D


@derivation
def schur_complement_via_cholesky():
    """The trailing block of a Cholesky factor is the Cholesky factor of the Schur complement."""
    o, r = sp.symbols("o r", integer=True, positive=True)
    Loo = sp.MatrixSymbol("L_bb", o, o)
    Lro = sp.MatrixSymbol("L_ab", r, o)
    xb = sp.MatrixSymbol("w", o, 1)
    S_bb = Loo * Loo.T            # the observed block, ordered first
    S_ab = Lro * Loo.T
    D = Derivation("Conditioning through a Cholesky factor", dims={o: 2, r: 2})
    D.step(S_ab * S_bb.I * S_ab.T, Lro * Lro.T,
           r"substitute $\Sigma_{bb} = L_{bb}L_{bb}^\top$, $\Sigma_{ab} = L_{ab}L_{bb}^\top$",
           assumptions=r"$L_{bb}$ is invertible (the observed block is positive definite)",
           display=(r"\Sigma_{ab}\Sigma_{bb}^{-1}\Sigma_{ba}", r"L_{ab}L_{ab}^\top"))
    D.step(S_ab * S_bb.I * xb, Lro * Loo.I * xb, "the same substitution in the conditional mean",
           display=(r"\Sigma_{ab}\Sigma_{bb}^{-1}(x_b-\mu_b)", r"L_{ab}\,L_{bb}^{-1}(x_b-\mu_b)"))
    return D


@derivation
def gaussian_mle():
    """Score equations of the normal log-likelihood give the sample mean and the 1/n variance."""
    n = sp.Symbol("n", integer=True, positive=True)
    i = sp.Idx("i")
    x = sp.IndexedBase("x")
    mu = sp.Symbol("mu", real=True)
    v = sp.Symbol("v", positive=True)          # v = sigma^2

    def S(e):
        return sp.Sum(e, (i, 1, n))

    ll = -n / 2 * sp.log(2 * sp.pi * v) - S((x[i] - mu) ** 2) / (2 * v)
    xbar = S(x[i]) / n
    vhat = S((x[i] - mu) ** 2) / n
    D = Derivation("Maximum likelihood for the normal distribution")
    D.step(sp.diff(ll, mu), (S(x[i]) - n * mu) / v, "differentiate the log-likelihood in $\\mu$",
           display=(r"\frac{\partial \ell}{\partial \mu}", r"\frac{1}{v}\Big(\sum_{i=1}^n x_i - n\mu\Big)"))
    D.step(((S(x[i]) - n * mu) / v).subs(mu, xbar), 0,
           "the score vanishes at the sample mean",
           display=(r"\frac{\partial \ell}{\partial \mu}(\bar x)", "0"))
    D.step(sp.diff(ll, v), -n / (2 * v) + S((x[i] - mu) ** 2) / (2 * v ** 2),
           "differentiate in $v = \\sigma^2$",
           display=(r"\frac{\partial \ell}{\partial v}",
                    r"-\frac{n}{2v} + \frac{1}{2v^2}\sum_{i=1}^n (x_i-\mu)^2"))
    D.step(sp.diff(ll, v).subs(v, vhat), 0,
           "the score vanishes at the mean squared deviation $\\hat v = \\frac1n\\sum_i (x_i-\\mu)^2$ "
           "(divisor $n$)",
           display=(r"\frac{\partial \ell}{\partial v}(\hat v)", "0"))
    D.step(sp.diff(ll, mu, 2), -n / v, "the curvature in $\\mu$ is negative: a maximum",
           display=(r"\frac{\partial^2 \ell}{\partial \mu^2}", r"-\frac{n}{v}"))
    D.step(sp.diff(ll, v, 2).subs(v, vhat), -n ** 3 / (2 * S((x[i] - mu) ** 2) ** 2),
           "the curvature in $v$ at $\\hat v$ is negative too",
           display=(r"\frac{\partial^2 \ell}{\partial v^2}(\hat v)", r"-\frac{n}{2\hat v^{2}}"))
    return D


@derivation
def variance_estimator_bias():
    """E[sum (x_i - xbar)^2] = (n - 1) sigma^2, so dividing by n is biased."""
    n = sp.Symbol("n", integer=True, positive=True)
    i = sp.Idx("i")
    x = sp.IndexedBase("x")
    xb = sp.Symbol(r"\bar{x}", real=True)
    mu = sp.Symbol("mu", real=True)
    v = sp.Symbol("v", positive=True)
    S1 = sp.Sum(x[i], (i, 1, n))
    S2 = sp.Sum(x[i] ** 2, (i, 1, n))
    iid = r"$x_1, \dots, x_n$ independent with mean $\mu$ and variance $v = \sigma^2$"
    D = Derivation("Bias of the maximum-likelihood variance")
    D.start(sp.Sum((x[i] - xb) ** 2, (i, 1, n)))
    D.then(S2 - 2 * xb * S1 + n * xb ** 2, "expand the square",
           display=(r"\sum_{i=1}^n (x_i - \bar x)^2", r"\sum_i x_i^2 - 2\bar x \sum_i x_i + n\bar x^2"))
    D.step(S2 - 2 * xb * (n * xb) + n * xb ** 2, S2 - n * xb ** 2, r"use $\sum_i x_i = n\bar x$",
           display=("", r"\sum_i x_i^2 - n\bar x^2"))
    D.step(n * (v + mu ** 2) - n * (v / n + mu ** 2), (n - 1) * v,
           r"take expectations: $\mathbb{E}[x_i^2] = v + \mu^2$ and "
           r"$\mathbb{E}[\bar x^2] = \operatorname{Var}(\bar x) + \mu^2 = v/n + \mu^2$",
           assumptions=iid,
           display=(r"\mathbb{E}\Big[\sum_i x_i^2 - n\bar x^2\Big] = n(v+\mu^2) - n\big(\tfrac{v}{n}+\mu^2\big)",
                    r"(n-1)\,v"))
    D.step(sp.Sum(v, (i, 1, n)) / n ** 2, v / n,
           r"the variance of the mean used above: independent terms add their variances",
           assumptions=iid,
           display=(r"\operatorname{Var}(\bar x) = \frac{1}{n^2}\sum_{i=1}^n \operatorname{Var}(x_i)",
                    r"\frac{v}{n}"))
    return D


@derivation
def beta_bernoulli_posterior():
    """Beta(a, b) prior times Bernoulli likelihood is Beta(a + k, b + n - k)."""
    theta = sp.Symbol("theta", positive=True)
    a, b = sp.symbols("a b", positive=True)
    n, k = sp.symbols("n k", nonnegative=True)   # k successes in n trials, k <= n

    def log_beta_fn(al, be):
        return sp.loggamma(al) + sp.loggamma(be) - sp.loggamma(al + be)

    def log_beta_pdf(t, al, be):
        return (al - 1) * sp.log(t) + (be - 1) * sp.log(1 - t) - log_beta_fn(al, be)

    loglik = k * sp.log(theta) + (n - k) * sp.log(1 - theta)
    al, be = a + k, b + n - k
    D = Derivation("Beta prior, Bernoulli likelihood")
    D.step(log_beta_pdf(theta, a, b) + loglik - log_beta_pdf(theta, al, be),
           log_beta_fn(al, be) - log_beta_fn(a, b),
           r"prior $\times$ likelihood divided by the $\mathrm{Beta}(a+k,\,b+n-k)$ density does not "
           r"depend on $\theta$: the posterior is that Beta, and the constant is the evidence",
           assumptions=r"$0 < \theta < 1$; $k$ successes in $n$ independent trials",
           display=(r"\log \mathrm{Beta}(\theta; a, b) + \log \theta^{k}(1-\theta)^{n-k}"
                    r" - \log \mathrm{Beta}(\theta;\, a+k,\, b+n-k)",
                    r"\log \frac{B(a+k,\, b+n-k)}{B(a, b)}"))
    mode = (al - 1) / (al + be - 2)
    D.step(sp.diff(log_beta_pdf(theta, al, be), theta).subs(theta, mode), 0,
           "the posterior density is stationary at its mode (the MAP estimate)",
           assumptions=r"$a + k > 1$ and $b + n - k > 1$ (an interior mode)",
           display=(r"\frac{d}{d\theta}\log p(\theta \mid k)\ \text{at}\ \theta = \frac{a+k-1}{a+b+n-2}", "0"))
    A, B_ = sp.symbols("alpha beta", positive=True)
    D.step(sp.gamma(A + 1) * sp.gamma(B_) / sp.gamma(A + B_ + 1) / (sp.gamma(A) * sp.gamma(B_) / sp.gamma(A + B_)),
           A / (A + B_),
           r"the mean of $\mathrm{Beta}(\alpha, \beta)$ is $B(\alpha+1, \beta)/B(\alpha, \beta)$; "
           r"with $\alpha = a + k$, $\beta = b + n - k$ the posterior mean is $(a+k)/(a+b+n)$",
           display=(r"\frac{B(\alpha+1,\beta)}{B(\alpha,\beta)}", r"\frac{\alpha}{\alpha+\beta}"))
    return D
