"""Derivations shown in chapter 14, Unsupervised learning
(chapters/02-classical/14-unsupervised-learning.pmd): the evidence lower bound
behind EM, the M-step of a Gaussian mixture, and k-means as the zero-variance
limit of EM.

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation


@derivation
def elbo_decomposition():
    """log p(x) = ELBO(q) + KL(q || p(z | x)) for a two-component mixture at one point x."""
    # a_k = p(x, z = k) = pi_k N(x; mu_k, sigma_k^2) > 0: the identity uses only positivity
    a1, a2 = sp.symbols("a_1 a_2", positive=True)
    # q_k = u_k / (u_1 + u_2): any distribution over the two components with q_k > 0
    u1, u2 = sp.symbols("u_1 u_2", positive=True)
    q1, q2 = u1 / (u1 + u2), u2 / (u1 + u2)
    px = a1 + a2                       # p(x) = sum_k p(x, z = k)
    r1, r2 = a1 / px, a2 / px          # posterior p(z = k | x), Bayes' rule
    elbo = q1 * sp.log(a1 / q1) + q2 * sp.log(a2 / q2)
    kl = q1 * sp.log(q1 / r1) + q2 * sp.log(q2 / r2)
    pos = r"$p(x, z{=}k) = \pi_k\,\mathcal{N}(x;\mu_k,\sigma_k^2) > 0$ and $q_k > 0$, $q_1 + q_2 = 1$"
    D = Derivation("The log-likelihood is the ELBO plus a KL divergence")
    D.start(sp.log(px))
    D.then(q1 * sp.log(px) + q2 * sp.log(px), r"$q_1 + q_2 = 1$", assumptions=pos,
           display=(r"\log p(x)", r"\textstyle\sum_k q_k \log p(x)"))
    D.then(q1 * sp.log(a1 / r1) + q2 * sp.log(a2 / r2),
           r"Bayes' rule: $p(x) = p(x, z{=}k)\,/\,p(z{=}k \mid x)$",
           display=(None, r"\textstyle\sum_k q_k \log \dfrac{p(x, z{=}k)}{p(z{=}k\mid x)}"))
    D.then(elbo + kl, r"multiply and divide by $q_k$ inside the logarithm",
           display=(None, r"\underbrace{\textstyle\sum_k q_k \log \dfrac{p(x, z{=}k)}{q_k}}_{\mathcal{L}(q)}"
                          r" + \underbrace{\textstyle\sum_k q_k \log \dfrac{q_k}{p(z{=}k\mid x)}}"
                          r"_{\mathrm{KL}(q\,\|\,p(z\mid x))}"))
    unit = lambda rng: rng.uniform(0.01, 1.0)
    D.step(kl, sp.Integer(0), r"Gibbs' inequality: a KL divergence is non-negative",
           relation=">=", method="numeric", samplers={u1: unit, u2: unit, a1: unit, a2: unit},
           display=(r"\mathrm{KL}(q\,\|\,p(z\mid x))", "0"))
    D.step(elbo.subs({u1: a1, u2: a2}), sp.log(px),
           r"the E-step sets $q_k = p(z{=}k \mid x)$, closing the gap",
           display=(r"\mathcal{L}\big(p(z\mid x)\big)", r"\log p(x)"))
    return D


@derivation
def gaussian_mixture_m_step():
    """The M-step maximises the expected complete-data log-likelihood of one component (1-D)."""
    xs = sp.symbols("x_1:4", real=True)
    rs = sp.symbols("r_1:4", positive=True)       # responsibilities of component k for x_i
    mu = sp.Symbol("mu", real=True)
    v = sp.Symbol("v", positive=True)             # the variance sigma_k^2
    Q = sum(r * (-sp.log(2 * sp.pi * v) / 2 - (x - mu) ** 2 / (2 * v)) for x, r in zip(xs, rs))
    Nk = sum(rs)
    Sk = sum(r * (x - mu) ** 2 for x, r in zip(xs, rs))
    mu_hat = sum(r * x for x, r in zip(xs, rs)) / Nk
    # in v, Q depends on the data only through N_k and S_k: any number of points
    N, S = sp.symbols("N_k S_k", positive=True)
    Qv = -N / 2 * sp.log(2 * sp.pi * v) - S / (2 * v)
    # the weights: maximise sum_k N_k log pi_k subject to sum_k pi_k = 1 (Lagrange multiplier lam)
    N1, N2, N3, lam = sp.symbols("N_1 N_2 N_3 lambda", positive=True)
    pis = sp.symbols("pi_1:4", positive=True)
    lagr = sum(Nj * sp.log(p) for Nj, p in zip((N1, N2, N3), pis)) - lam * (sum(pis) - 1)
    D = Derivation("The M-step of a Gaussian mixture")
    D.step(Q, -Nk / 2 * sp.log(2 * sp.pi * v) - Sk / (2 * v),
           r"collect terms: $N_k = \sum_i r_{ik}$, $S_k = \sum_i r_{ik}(x_i - \mu_k)^2$",
           assumptions=r"$n = 3$ points, one coordinate, responsibilities $r_{ik} > 0$",
           display=(r"Q_k = \textstyle\sum_i r_{ik}\big[-\tfrac12\log(2\pi\sigma_k^2) - "
                    r"\frac{(x_i - \mu_k)^2}{2\sigma_k^2}\big]",
                    r"-\frac{N_k}{2}\log(2\pi\sigma_k^2) - \frac{S_k}{2\sigma_k^2}"))
    D.step(sp.diff(Q, mu), Nk / v * (mu_hat - mu),
           r"the slope in $\mu_k$ is positive below the weighted mean $\hat\mu_k$ and negative "
           r"above it, so $\hat\mu_k$ maximises $Q_k$",
           assumptions=r"$n = 3$ points",
           display=(r"\frac{\partial Q_k}{\partial \mu_k}",
                    r"\frac{N_k}{\sigma_k^2}\big(\hat\mu_k - \mu_k\big),\quad "
                    r"\hat\mu_k = \frac{1}{N_k}\textstyle\sum_i r_{ik} x_i"))
    D.step(sp.diff(Qv, v), N / (2 * v ** 2) * (S / N - v),
           r"likewise in $\sigma_k^2$: the maximum is the weighted variance $S_k / N_k$ (any $n$)",
           display=(r"\frac{\partial Q_k}{\partial \sigma_k^2}",
                    r"\frac{N_k}{2\sigma_k^4}\Big(\frac{S_k}{N_k} - \sigma_k^2\Big)"))
    D.step(sp.diff(lagr, pis[0]), N1 / pis[0] - lam,
           r"for the weights, add a multiplier $\lambda$ for $\sum_k \pi_k = 1$: the Lagrangian is "
           r"stationary at $\pi_k = N_k / \lambda$",
           display=(r"\frac{\partial}{\partial \pi_k}\Big[\textstyle\sum_j N_j \log \pi_j - \lambda"
                    r"\big(\textstyle\sum_j \pi_j - 1\big)\Big]", r"\frac{N_k}{\pi_k} - \lambda"))
    n_tot = N1 + N2 + N3
    D.step(sum(Nj / n_tot for Nj in (N1, N2, N3)), sp.Integer(1),
           r"the constraint then fixes $\lambda = \sum_k N_k = n$, so $\pi_k = N_k / n$ "
           r"(shown for three components)",
           display=(r"\textstyle\sum_k N_k / n", "1"))
    return D


@derivation
def hard_em_limit():
    """As a shared variance s^2 -> 0, the responsibility of the nearest mean tends to one."""
    p1, p2, d1, g, s = sp.symbols("pi_1 pi_2 d_1 g s", positive=True)
    # squared distances to the two means: d_1 and d_2 = d_1 + g, so mean 1 is the nearer
    r1 = p1 * sp.exp(-d1 / (2 * s ** 2)) / (p1 * sp.exp(-d1 / (2 * s ** 2))
                                             + p2 * sp.exp(-(d1 + g) / (2 * s ** 2)))
    ratio = 1 / (1 + p2 / p1 * sp.exp(-g / (2 * s ** 2)))
    D = Derivation("k-means is the zero-variance limit of EM")
    D.start(r1)
    D.then(ratio, r"divide through by $\pi_1 e^{-d_1/2s^2}$",
           assumptions=r"$d_k = \lVert x - \mu_k\rVert^2$, $d_2 = d_1 + g$ with $g > 0$; $\pi_k > 0$",
           display=(r"r_1 = \frac{\pi_1 e^{-d_1/2s^2}}{\pi_1 e^{-d_1/2s^2} + \pi_2 e^{-d_2/2s^2}}",
                    r"\frac{1}{1 + (\pi_2/\pi_1)\, e^{-g/2s^2}}"))
    D.step(sp.Limit(ratio, s, 0, "+"), sp.Integer(1),
           r"$e^{-g/2s^2} \to 0$ as $s \to 0^+$, whatever the weights",
           display=(r"\lim_{s\to 0^+} r_1", "1"))
    return D
