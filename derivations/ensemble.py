"""Derivations shown in chapter 11, Ensembles
(chapters/02-classical/11-ensembles.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation


@derivation
def bagging_variance():
    """Variance of an average of B equicorrelated predictions."""
    B = sp.Symbol("B", integer=True, positive=True)
    s2 = sp.Symbol("sigma^2", positive=True)
    rho = sp.Symbol("rho", real=True)
    Bf = 5                                     # an explicit ensemble for the counting step
    Sigma = sp.Matrix(Bf, Bf, lambda i, j: s2 if i == j else rho * s2)
    one = sp.ones(Bf, 1)
    D = Derivation("Variance of a bagged average")
    D.step((one.T * Sigma * one)[0, 0] / Bf ** 2, (Bf * s2 + Bf * (Bf - 1) * rho * s2) / Bf ** 2,
           r"$\operatorname{Var}\big(\frac1B\sum_b f_b\big) = \frac{1}{B^2}\mathbf 1^\top \Sigma \mathbf 1$: "
           r"$B$ variances and $B(B-1)$ covariances $\rho\sigma^2$ (written out for $B = 5$)",
           assumptions=r"$\operatorname{Var} f_b = \sigma^2$, $\operatorname{Corr}(f_b, f_c) = \rho$ for $b \ne c$",
           display=(r"\frac{1}{B^2}\,\mathbf 1^\top \Sigma\, \mathbf 1",
                    r"\frac{B\sigma^2 + B(B-1)\,\rho\sigma^2}{B^2}"))
    D.step((B * s2 + B * (B - 1) * rho * s2) / B ** 2, rho * s2 + (1 - rho) * s2 / B,
           "divide out, for every $B$",
           display=(r"\frac{B\sigma^2 + B(B-1)\,\rho\sigma^2}{B^2}",
                    r"\rho\,\sigma^2 + \frac{1-\rho}{B}\,\sigma^2"))
    return D


@derivation
def adaboost_step_size():
    """AdaBoost's classifier weight minimises the exponential loss along the new weak learner."""
    a = sp.Symbol("alpha", real=True)
    eps = sp.Symbol("epsilon", positive=True)
    K = sp.Symbol("K", positive=True)
    # binary: labels and predictions in {-1, +1}, weights normalised, weighted error eps
    loss2 = (1 - eps) * sp.exp(-a) + eps * sp.exp(a)
    a2 = sp.log((1 - eps) / eps) / 2
    D = Derivation("AdaBoost's step size")
    D.step(sp.diff(loss2, a).subs(a, a2), 0,
           r"the weighted exponential loss $\sum_i w_i e^{-\alpha y_i h(x_i)} = (1-\epsilon)e^{-\alpha}"
           r" + \epsilon e^{\alpha}$ is stationary at $\alpha = \frac12\log\frac{1-\epsilon}{\epsilon}$",
           assumptions=r"$0 < \epsilon < 1$; weights sum to one",
           display=(r"\frac{d}{d\alpha}\Big[(1-\epsilon)e^{-\alpha} + \epsilon e^{\alpha}\Big]_{"
                    r"\alpha = \frac12 \log\frac{1-\epsilon}{\epsilon}}", "0"))
    # SAMME codes: y_k = 1 for the true class, -1/(K-1) otherwise; the same for the prediction
    k3 = 3
    code = lambda c: sp.Matrix([1 if j == c else sp.Rational(-1, k3 - 1) for j in range(k3)])
    D.step((code(0).T * code(0))[0, 0], sp.Rational(k3, k3 - 1),
           r"with $K$-class codes ($1$ for the class, $-\frac{1}{K-1}$ elsewhere) a correct vote has "
           r"$y^\top h = \frac{K}{K-1}$ (written out for $K = 3$)",
           display=(r"y^\top h\ (\text{correct})", r"\frac{K}{K-1}"))
    D.step((code(0).T * code(1))[0, 0], -sp.Rational(k3, (k3 - 1) ** 2),
           r"and a wrong vote $y^\top h = -\frac{K}{(K-1)^2}$",
           display=(r"y^\top h\ (\text{wrong})", r"-\frac{K}{(K-1)^2}"))
    lossK = (1 - eps) * sp.exp(-a / (K - 1)) + eps * sp.exp(a / (K - 1) ** 2)
    aK = (K - 1) ** 2 / K * (sp.log((1 - eps) / eps) + sp.log(K - 1))
    D.step(sp.diff(lossK, a).subs(a, aK), 0,
           r"the loss $\sum_i w_i e^{-\alpha\, y_i^\top h(x_i)/K}$ is stationary at "
           r"$\alpha = \frac{(K-1)^2}{K}\big(\log\frac{1-\epsilon}{\epsilon} + \log(K-1)\big)$",
           assumptions=r"$K \ge 2$ classes, $0 < \epsilon < 1$",
           display=(r"\frac{d}{d\alpha}\Big[(1-\epsilon)e^{-\frac{\alpha}{K-1}} + "
                    r"\epsilon\, e^{\frac{\alpha}{(K-1)^2}}\Big]_{\alpha = \alpha^\star}", "0"))
    D.step(sp.exp(aK / (K - 1) ** 2) / sp.exp(-aK / (K - 1)), (K - 1) * (1 - eps) / eps,
           r"after the step, a misclassified sample's weight grows relative to a correct one's by "
           r"$e^{\alpha_t}$ with SAMME's $\alpha_t = \log\frac{1-\epsilon}{\epsilon} + \log(K-1)$",
           display=(r"\frac{e^{\alpha^\star/(K-1)^2}}{e^{-\alpha^\star/(K-1)}}",
                    r"(K-1)\,\frac{1-\epsilon}{\epsilon} = e^{\alpha_t}"))
    return D


@derivation
def gradient_boosting_residuals():
    """Pseudo-residuals are negative gradients of the loss in the model's output."""
    y = sp.Symbol("y", real=True)
    F = sp.Symbol("F", real=True)
    sig = 1 / (1 + sp.exp(-F))
    D = Derivation("Pseudo-residuals of squared and logistic loss")
    D.step(-sp.diff((y - F) ** 2 / 2, F), y - F, "squared error: the residual itself",
           display=(r"-\frac{\partial}{\partial F}\,\tfrac12 (y - F)^2", "y - F"))
    logloss = -(y * sp.log(sig) + (1 - y) * sp.log(1 - sig))
    D.step(logloss, sp.log(1 + sp.exp(F)) - y * F,
           r"log-loss of $p = \sigma(F)$, written in the log-odds $F$",
           assumptions=r"$y \in \{0, 1\}$, $\sigma(F) = 1/(1+e^{-F})$",
           display=(r"-y\log\sigma(F) - (1-y)\log(1-\sigma(F))", r"\log(1 + e^{F}) - yF"))
    D.step(-sp.diff(sp.log(1 + sp.exp(F)) - y * F, F), y - sig,
           "its negative gradient is the residual on the probability scale",
           display=(r"-\frac{\partial \ell}{\partial F}", r"y - \sigma(F)"))
    D.step(sp.diff(sp.log(1 + sp.exp(F)) - y * F, F, 2), sig * (1 - sig),
           "the curvature used by the Newton step in each leaf",
           display=(r"\frac{\partial^2 \ell}{\partial F^2}", r"\sigma(F)\,\big(1 - \sigma(F)\big)"))
    g = sp.symbols("g_1:4", real=True)
    h = sp.symbols("h_1:4", positive=True)
    gam = sp.Symbol("gamma", real=True)
    quad = sum(gi * gam + hi * gam ** 2 / 2 for gi, hi in zip(g, h))
    D.step(sp.diff(quad, gam).subs(gam, -sum(g) / sum(h)), 0,
           r"one Newton step for a leaf's value: the second-order model "
           r"$\sum_i g_i\gamma + \frac12 h_i\gamma^2$ is minimised at $\gamma = \sum_i (y_i - p_i) / "
           r"\sum_i p_i(1-p_i)$ (three samples written out)",
           assumptions=r"$g_i = p_i - y_i$, $h_i = p_i(1-p_i) > 0$",
           display=(r"\frac{d}{d\gamma}\sum_i \big(g_i\gamma + \tfrac12 h_i\gamma^2\big)\Big|_{"
                    r"\gamma = -\sum_i g_i / \sum_i h_i}", "0"))
    Fk = sp.symbols("F_1:4", real=True)
    yk = sp.symbols("y_1:4", real=True)
    ce = sp.log(sum(sp.exp(f) for f in Fk)) - sum(a * b for a, b in zip(yk, Fk))
    D.step(-sp.diff(ce, Fk[0]), yk[0] - sp.exp(Fk[0]) / sum(sp.exp(f) for f in Fk),
           r"with $K$ classes (softmax, one-hot $y$) the residual of class $k$ is "
           r"$y_k - \operatorname{softmax}_k(F)$ (written out for $K = 3$)",
           assumptions=r"one-hot $y$, so $\sum_k y_k = 1$",
           display=(r"-\frac{\partial}{\partial F_k}\Big[\log\sum_j e^{F_j} - \sum_j y_j F_j\Big]",
                    r"y_k - \frac{e^{F_k}}{\sum_j e^{F_j}}"))
    return D
