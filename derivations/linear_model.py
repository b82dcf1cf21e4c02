"""Derivations shown in chapter 8, Linear regression
(chapters/02-classical/08-linear-regression.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.

Identities that need an orthonormal or diagonal factor (QR, SVD) cannot be
proved by writing out matrices of free symbols, because Q^T Q = I is not an
algebraic identity in the entries; those steps are checked numerically, with
samplers that draw factors of the stated kind, and the book says so.
"""
import numpy as np
import sympy as sp
import sympy.stats as sps

from mlfp.derive import Derivation, derivation

n, d = sp.symbols("n d", integer=True, positive=True)


# ----------------------------------------------------------------- samplers
def _orthonormal_columns(rows, cols):
    def draw(rng):
        Q, R = np.linalg.qr(rng.standard_normal((rows, cols)))
        return Q * np.sign(np.diag(R))
    return draw


def _upper_triangular(size):
    def draw(rng):
        R = np.triu(rng.standard_normal((size, size)))
        np.fill_diagonal(R, rng.uniform(0.5, 3.0, size))
        return R
    return draw


def _positive_diagonal(size):
    def draw(rng):
        return np.diag(np.sort(rng.uniform(0.1, 3.0, size))[::-1])
    return draw


# ----------------------------------------------------------------- intercept
@derivation
def intercept_by_centering():
    """The optimal intercept is ybar - xbar^T w; what remains is least squares on centred data."""
    X, y, w = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("y", n, 1), sp.MatrixSymbol("w", d, 1)
    b = sp.MatrixSymbol("b", 1, 1)
    one = sp.OneMatrix(n, 1)
    r = y - X * w - one * b
    b_star = one.T * (y - X * w) / n                   # = ybar - xbar^T w
    C = sp.Identity(n) - one * one.T / n
    D = Derivation("The intercept, by centring", dims={n: 3, d: 2})
    D.step(r.T * r, (y - X * w).T * (y - X * w) - 2 * b.T * one.T * (y - X * w) + n * b.T * b,
           r"expand in $b$, using $\mathbf 1^\top \mathbf 1 = n$", method="fixed",
           display=(r"\lVert y - Xw - b\mathbf{1}\rVert^2",
                    r"\lVert y - Xw\rVert^2 - 2b\,\mathbf 1^\top (y - Xw) + n b^2"))
    D.step(-2 * one.T * (y - X * w) + 2 * n * b_star, sp.ZeroMatrix(1, 1),
           r"a quadratic in $b$: its derivative vanishes at $b^\star = \bar y - \bar x^\top w$, "
           r"$\bar y = \mathbf 1^\top y / n$, $\bar x = X^\top \mathbf 1 / n$",
           display=(r"-2\,\mathbf{1}^\top (y - Xw) + 2n b^\star", "0"))
    D.step(y - X * w - one * b_star, C * y - C * X * w,
           r"the residual at $b^\star$ is the centred residual, $C = I - \mathbf{1}\mathbf{1}^\top/n$",
           display=(r"y - Xw - b^\star \mathbf{1}",
                    r"(y - \bar y\mathbf 1) - (X - \mathbf 1 \bar x^\top)\, w = Cy - CXw"))
    return D


# ----------------------------------------------------------------- QR and SVD
@derivation
def least_squares_by_qr_and_svd():
    """The normal-equations solution written through X = QR and X = U Sigma V^T."""
    N, K = 5, 3                          # numeric checks at this size: the factors are sampled
    Q, R = sp.MatrixSymbol("Q", N, K), sp.MatrixSymbol("R", K, K)
    U, S, V = sp.MatrixSymbol("U", N, K), sp.MatrixSymbol("Sigma", K, K), sp.MatrixSymbol("V", K, K)
    y = sp.MatrixSymbol("y", N, 1)
    X_qr, X_svd = Q * R, U * S * V.T
    qr = {Q: _orthonormal_columns(N, K), R: _upper_triangular(K)}
    svd = {U: _orthonormal_columns(N, K), S: _positive_diagonal(K), V: _orthonormal_columns(K, K)}
    D = Derivation("Least squares through QR and SVD")
    D.step((X_qr.T * X_qr).I * X_qr.T * y, R.I * Q.T * y,
           r"$X = QR$ with $Q^\top Q = I$ and $R$ upper triangular, invertible", method="numeric",
           samplers=qr, assumptions="X has full column rank",
           display=(r"(X^\top X)^{-1}X^\top y", r"R^{-1}Q^\top y"))
    D.step(X_qr * (X_qr.T * X_qr).I * X_qr.T * y, Q * Q.T * y,
           "the fitted values are the projection of y onto the columns of Q", method="numeric",
           samplers=qr, display=(r"X(X^\top X)^{-1}X^\top y", r"QQ^\top y"))
    D.step((X_svd.T * X_svd).I * X_svd.T * y, V * S.I * U.T * y,
           r"$X = U\Sigma V^\top$ with $U^\top U = V^\top V = I$, $\Sigma$ diagonal, positive",
           method="numeric", samplers=svd,
           display=(r"(X^\top X)^{-1}X^\top y", r"V\Sigma^{-1}U^\top y"))
    D.step(X_svd.T * X_svd, V * S * S * V.T,
           r"so $X^\top X$ has eigenvalues $\sigma_i^2$ and $\kappa(X^\top X) = \kappa(X)^2$",
           method="numeric", samplers=svd,
           display=(r"X^\top X", r"V\Sigma^2 V^\top"))
    return D


# ----------------------------------------------------------------- Gauss-Markov
@derivation
def gauss_markov():
    """OLS is unbiased with covariance sigma^2 (X^T X)^{-1}; any other linear unbiased estimator adds D D^T."""
    X, w = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("w", d, 1)
    eps = sp.MatrixSymbol("varepsilon", n, 1)
    Dm = sp.MatrixSymbol("D", d, n)
    s2 = sp.Symbol("sigma", positive=True) ** 2
    G = (X.T * X).I
    A = G * X.T                          # the OLS map y -> w_hat
    model = r"$y = Xw + \varepsilon$, $X$ fixed with full column rank"
    D = Derivation("Gauss-Markov", dims={n: 3, d: 2})
    D.step(A * (X * w + eps) - w, A * eps, "substitute the model; $(X^\\top X)^{-1}X^\\top X = I$",
           assumptions=model,
           display=(r"\hat w - w = (X^\top X)^{-1}X^\top (Xw + \varepsilon) - w",
                    r"(X^\top X)^{-1}X^\top \varepsilon"))
    D.step(A * (s2 * sp.Identity(n)) * A.T, s2 * G,
           r"so $\mathbb{E}\hat w = w$, and $\operatorname{Cov}\hat w = A\,(\sigma^2 I)\,A^\top$ with "
           r"$A = (X^\top X)^{-1}X^\top$",
           assumptions=r"$\mathbb{E}\varepsilon = 0$, $\operatorname{Cov}\varepsilon = \sigma^2 I$",
           display=(r"\operatorname{Cov}\hat w = (X^\top X)^{-1}X^\top(\sigma^2 I)X(X^\top X)^{-1}",
                    r"\sigma^2 (X^\top X)^{-1}"))
    D.step((A + Dm) * X * w, w + Dm * X * w,
           r"any other linear estimator is $Cy$ with $C = A + D$; its mean is $CXw$, so it is unbiased "
           r"for every $w$ iff $DX = 0$",
           display=(r"\mathbb{E}\,Cy = \big((X^\top X)^{-1}X^\top + D\big)Xw", r"w + DXw"))
    D.step((A + Dm) * (A + Dm).T, A * A.T + A * Dm.T + Dm * A.T + Dm * Dm.T,
           r"$\operatorname{Cov}(Cy) = \sigma^2 CC^\top$; expand",
           display=(r"CC^\top", r"AA^\top + AD^\top + DA^\top + DD^\top"))
    D.step(A * Dm.T, G * (Dm * X).T, r"the cross terms contain $DX$, which is $0$",
           display=(r"AD^\top = (X^\top X)^{-1}X^\top D^\top", r"(X^\top X)^{-1}(DX)^\top"))
    return D


@derivation
def residual_variance():
    """E[RSS] = sigma^2 (n - d): the residual is (I - H) eps and tr(I - H) = n - d."""
    X, w = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("w", d, 1)
    eps = sp.MatrixSymbol("varepsilon", n, 1)
    H = X * (X.T * X).I * X.T
    I = sp.Identity(n)
    D = Derivation("An unbiased estimate of the noise variance", dims={n: 3, d: 2})
    D.step((I - H) * (X * w + eps), (I - H) * eps, "the residual does not depend on $w$: $HX = X$",
           display=(r"y - X\hat w = (I - H)(Xw + \varepsilon)", r"(I - H)\varepsilon"))
    D.step(H.T * H, H, r"$H$ is symmetric and idempotent, so $(I-H)^\top(I-H) = I - H$", method="numeric",
           display=(r"H^\top H = X(X^\top X)^{-1}X^\top X (X^\top X)^{-1}X^\top", r"H"))
    D.step(sp.Trace(H), d, r"$\operatorname{tr}(X(X^\top X)^{-1}X^\top) = \operatorname{tr}((X^\top X)^{-1}X^\top X)$; "
           r"hence $\mathbb{E}\,\varepsilon^\top (I-H)\varepsilon = \sigma^2\operatorname{tr}(I - H) = \sigma^2(n - d)$",
           method="fixed", display=(r"\operatorname{tr} H", r"d"))
    return D


# ----------------------------------------------------------------- bias-variance
@derivation
def bias_variance_decomposition():
    """E[(y0 - fhat)^2] = sigma^2 + bias^2 + variance, for independent noise and estimate."""
    f, m = sp.symbols("f m", real=True)
    e, dl = sp.symbols("varepsilon delta", real=True)
    sigma, tau = sp.symbols("sigma tau", positive=True)
    sq = (f + e - (m + dl)) ** 2
    expanded = (f - m) ** 2 + e ** 2 + dl ** 2 + 2 * (f - m) * e - 2 * (f - m) * dl - 2 * e * dl
    E_ = sps.Normal("varepsilon", 0, sigma)
    Dl = sps.Normal("delta", 0, tau)
    expectation = sps.E((f + E_ - (m + Dl)) ** 2)
    D = Derivation("Bias-variance decomposition at a point")
    D.step(sq, expanded, "expand the square",
           assumptions=(r"$y_0 = f(x_0) + \varepsilon$, $\hat f(x_0) = m + \delta$ with "
                        r"$m = \mathbb{E}\hat f(x_0)$; write $f = f(x_0)$"),
           display=(r"\big(y_0 - \hat f(x_0)\big)^2",
                    r"(f - m)^2 + \varepsilon^2 + \delta^2 + 2(f-m)\varepsilon - 2(f-m)\delta - 2\varepsilon\delta"))
    D.step(expectation, (f - m) ** 2 + sigma ** 2 + tau ** 2,
           r"take expectations: $\varepsilon$, $\delta$ independent, mean zero, variances "
           r"$\sigma^2$, $\tau^2 = \operatorname{Var}\hat f(x_0)$ (a quadratic depends only on these "
           r"moments; SymPy computes it for normal $\varepsilon$, $\delta$)",
           assumptions=r"the test noise $\varepsilon$ is independent of the training sample",
           display=(r"\mathbb{E}\big(y_0 - \hat f(x_0)\big)^2",
                    r"\underbrace{\big(f - \mathbb{E}\hat f\big)^2}_{\text{bias}^2} + \sigma^2 + "
                    r"\underbrace{\operatorname{Var}\hat f(x_0)}_{\text{variance}}"))
    return D


# ----------------------------------------------------------------- ridge
@derivation
def ridge_solution():
    """Ridge: the normal equations, the SVD (shrinkage) form, the dual form."""
    N, K = 5, 3                          # numeric checks at this size: the factors are sampled
    X, y, w = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("y", n, 1), sp.MatrixSymbol("w", d, 1)
    U, S, V = sp.MatrixSymbol("U", N, K), sp.MatrixSymbol("Sigma", K, K), sp.MatrixSymbol("V", K, K)
    ys = sp.MatrixSymbol("y", N, 1)
    alpha = sp.Symbol("alpha", positive=True)
    Id, In = sp.Identity(d), sp.Identity(n)
    IK = sp.ImmutableMatrix(sp.eye(K))      # explicit, so that numeric evaluation stays fast
    w_r = (X.T * X + alpha * Id).I * X.T * y
    svd = {U: _orthonormal_columns(N, K), S: _positive_diagonal(K), V: _orthonormal_columns(K, K)}
    Xs = U * S * V.T
    D = Derivation("Ridge regression in the SVD basis", dims={n: 3, d: 2})
    D.step(-2 * X.T * (y - X * w) + 2 * alpha * w, 2 * (X.T * X + alpha * Id) * w - 2 * X.T * y,
           r"the gradient of $\lVert y - Xw\rVert^2 + \alpha\lVert w\rVert^2$ vanishes where "
           r"$(X^\top X + \alpha I)w = X^\top y$; for $\alpha > 0$ the matrix is positive definite, "
           r"so $\hat w_\alpha = (X^\top X + \alpha I)^{-1}X^\top y$ is the unique minimiser",
           display=(r"-2X^\top (y - Xw) + 2\alpha w", r"2(X^\top X + \alpha I)w - 2X^\top y"))
    D.step((Xs.T * Xs + alpha * IK).I * Xs.T * ys, V * (S * S + alpha * IK).I * S * U.T * ys,
           r"substitute $X = U\Sigma V^\top$ ($V$ square): $X^\top X + \alpha I = V(\Sigma^2 + \alpha I)V^\top$",
           method="numeric", samplers=svd,
           display=(r"(X^\top X + \alpha I)^{-1}X^\top y",
                    r"V\,\operatorname{diag}\!\Big(\frac{\sigma_i}{\sigma_i^2 + \alpha}\Big)U^\top y"))
    D.step(Xs * (Xs.T * Xs + alpha * IK).I * Xs.T, U * S * S * (S * S + alpha * IK).I * U.T,
           "the fitted values shrink each singular direction by $\\sigma_i^2/(\\sigma_i^2 + \\alpha)$",
           method="numeric", samplers=svd,
           display=(r"H_\alpha = X(X^\top X + \alpha I)^{-1}X^\top",
                    r"U\operatorname{diag}\!\Big(\frac{\sigma_i^2}{\sigma_i^2+\alpha}\Big)U^\top"))
    D.step(X.T * (X * X.T + alpha * In), (X.T * X + alpha * Id) * X.T,
           r"push-through: multiply by $(X^\top X + \alpha I_d)^{-1}$ on the left and "
           r"$(XX^\top + \alpha I_n)^{-1}$ on the right to get the dual form "
           r"$\hat w_\alpha = X^\top (XX^\top + \alpha I_n)^{-1} y$",
           display=(r"X^\top (XX^\top + \alpha I_n)", r"(X^\top X + \alpha I_d)X^\top"))
    return D


@derivation
def ridge_bias_variance():
    """Mean and covariance of the ridge estimator for y = Xw + eps, in the SVD basis."""
    N, K = 5, 3                          # numeric checks at this size: the factors are sampled
    U, S, V = sp.MatrixSymbol("U", N, K), sp.MatrixSymbol("Sigma", K, K), sp.MatrixSymbol("V", K, K)
    w = sp.MatrixSymbol("w", K, 1)
    alpha, sigma = sp.symbols("alpha sigma", positive=True)
    Id = sp.ImmutableMatrix(sp.eye(K))      # explicit, so that numeric evaluation stays fast
    X = U * S * V.T
    A = (X.T * X + alpha * Id).I * X.T
    svd = {U: _orthonormal_columns(N, K), S: _positive_diagonal(K), V: _orthonormal_columns(K, K)}
    D = Derivation("Bias and variance of ridge")
    D.step(A * X * w, V * S * S * (S * S + alpha * Id).I * V.T * w,
           r"$\mathbb{E}\hat w_\alpha = A_\alpha X w$ with $A_\alpha = (X^\top X + \alpha I)^{-1}X^\top$: "
           r"each component of $V^\top w$ shrinks by $\sigma_i^2/(\sigma_i^2+\alpha)$",
           method="numeric", samplers=svd,
           assumptions=r"$y = Xw + \varepsilon$, $\mathbb{E}\varepsilon = 0$, $\operatorname{Cov}\varepsilon = \sigma^2 I$",
           display=(r"\mathbb{E}\hat w_\alpha",
                    r"V\operatorname{diag}\!\Big(\frac{\sigma_i^2}{\sigma_i^2+\alpha}\Big)V^\top w"))
    D.step(A * sigma ** 2 * A.T, sigma ** 2 * V * S * S * (S * S + alpha * Id).I ** 2 * V.T,
           r"$\operatorname{Cov}\hat w_\alpha = \sigma^2 A_\alpha A_\alpha^\top$",
           method="numeric", samplers=svd,
           display=(r"\operatorname{Cov}\hat w_\alpha",
                    r"\sigma^2 V\operatorname{diag}\!\Big(\frac{\sigma_i^2}{(\sigma_i^2+\alpha)^2}\Big)V^\top"))
    return D


# ----------------------------------------------------------------- lasso
@derivation
def soft_thresholding():
    """One coordinate of the elastic net has a closed-form minimiser: soft-thresholding."""
    r, x = sp.MatrixSymbol("r", n, 1), sp.MatrixSymbol("x", n, 1)
    wj = sp.Symbol("w", real=True)
    N = sp.Symbol("n", positive=True)
    a = sp.Symbol("a", positive=True)                      # ||x_j||^2
    rho = sp.Symbol("rho", real=True)                      # x_j^T r_j
    l1, l2 = sp.symbols("lambda_1 lambda_2", positive=True)
    u = sp.Symbol("u", real=True)                          # rho = n lambda_1 u, |u| <= 1
    smooth = (a * wj ** 2 - 2 * rho * wj) / (2 * N) + l2 * wj ** 2 / 2
    dims = {n: 3}
    D = Derivation("Soft-thresholding: one coordinate of the elastic net", dims=dims)
    D.step(((r - x * wj).T * (r - x * wj)) / (2 * n),
           ((r.T * r) - 2 * wj * (x.T * r) + wj ** 2 * (x.T * x)) / (2 * n),
           "expand; the other coordinates are held fixed in the partial residual $r_j$",
           display=(r"\tfrac{1}{2n}\lVert r_j - x_j w_j\rVert^2",
                    r"\tfrac{1}{2n}\big(\lVert r_j\rVert^2 - 2\rho_j w_j + a_j w_j^2\big),"
                    r"\ \ \rho_j = x_j^\top r_j,\ a_j = \lVert x_j\rVert^2"), method="fixed")
    D.step(sp.diff(smooth + l1 * wj, wj).subs(wj, (rho - N * l1) / (a + N * l2)), 0,
           r"if $\rho_j > n\lambda_1$ the minimiser is positive, where $|w_j| = w_j$ and the derivative vanishes",
           display=(r"\frac{d}{dw}\Big[\tfrac{a w^2 - 2\rho w}{2n} + \lambda_1 w + \tfrac{\lambda_2}{2}w^2\Big]"
                    r"_{w = (\rho - n\lambda_1)/(a + n\lambda_2)}", "0"))
    D.step(sp.diff(smooth - l1 * wj, wj).subs(wj, (rho + N * l1) / (a + N * l2)), 0,
           r"if $\rho_j < -n\lambda_1$ it is negative, with $|w_j| = -w_j$",
           display=(r"\frac{d}{dw}\Big[\tfrac{a w^2 - 2\rho w}{2n} - \lambda_1 w + \tfrac{\lambda_2}{2}w^2\Big]"
                    r"_{w = (\rho + n\lambda_1)/(a + n\lambda_2)}", "0"))
    F = smooth + l1 * sp.Abs(wj)
    gap = F.subs(rho, N * l1 * u) - F.subs({rho: N * l1 * u, wj: 0})
    D.step(gap, (a / (2 * N) + l2 / 2) * wj ** 2 + l1 * (sp.Abs(wj) - u * wj),
           r"otherwise write $\rho_j = n\lambda_1 u$ with $|u| \le 1$ and compare any $w$ with $0$",
           display=(r"F(w) - F(0)", r"\Big(\tfrac{a}{2n} + \tfrac{\lambda_2}{2}\Big)w^2 + \lambda_1\big(|w| - uw\big)"))
    D.step((a / (2 * N) + l2 / 2) * wj ** 2 + l1 * (sp.Abs(wj) - u * wj), 0,
           r"$|uw| \le |w|$, so $w_j = 0$ is the minimiser", relation=">=", method="numeric",
           samplers={u: lambda rng: rng.uniform(-1.0, 1.0)},
           display=(r"\Big(\tfrac{a}{2n} + \tfrac{\lambda_2}{2}\Big)w^2 + \lambda_1\big(|w| - uw\big)", "0"))
    return D
