"""Derivations shown in chapter 2, Linear algebra (chapters/01-foundations/02-linear-algebra.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import numpy as np
import sympy as sp

from mlfp.derive import Derivation, derivation

n, d = sp.symbols("n d", integer=True, positive=True)


@derivation
def orthogonal_projection():
    """P = A (A^T A)^{-1} A^T is symmetric and idempotent; the residual is orthogonal to col(A)."""
    A = sp.MatrixSymbol("A", n, d)
    y = sp.MatrixSymbol("y", n, 1)
    G = (A.T * A).I
    P = A * G * A.T
    full_rank = "A has full column rank d, so that A^T A is invertible"
    D = Derivation("Orthogonal projection onto the column space", dims={n: 3, d: 2})
    D.start(sp.MatMul(A, G, A.T, A, G, A.T)).then(
        P, "(A^T A)^{-1} (A^T A) = I in the middle", assumptions=full_rank,
        display=(r"P^2 = A(A^\top A)^{-1}A^\top A(A^\top A)^{-1}A^\top", r"A(A^\top A)^{-1}A^\top = P"))
    D.step(P.T, P, "A^T A is symmetric, so is its inverse",
           display=(r"P^\top = \big(A(A^\top A)^{-1}A^\top\big)^\top", r"A(A^\top A)^{-1}A^\top = P"))
    D.start(A.T * (y - P * y)).then(
        A.T * y - (A.T * A) * G * A.T * y, "distribute A^T over the residual",
        display=(r"A^\top (y - Py)", r"A^\top y - (A^\top A)(A^\top A)^{-1}A^\top y")).then(
        sp.ZeroMatrix(d, 1), "(A^T A)(A^T A)^{-1} = I", display=("", "0"))
    return D


@derivation
def normal_equations():
    """The gradient of ||y - Xw||^2 vanishes at w = (X^T X)^{-1} X^T y, which is the minimiser."""
    X = sp.MatrixSymbol("X", n, d)
    y = sp.MatrixSymbol("y", n, 1)
    w = sp.MatrixSymbol("w", d, 1)
    v = sp.MatrixSymbol("v", d, 1)
    f = (y - X * w).T * (y - X * w)
    w_star = (X.T * X).I * X.T * y
    r_star = y - X * w_star
    full_rank = "X has full column rank d, so that X^T X is invertible"
    D = Derivation("Normal equations", dims={n: 3, d: 2})
    D.start(f.diff(w)).then(
        2 * X.T * X * w - 2 * X.T * y, "differentiate (SymPy matrix calculus) and distribute",
        display=(r"\nabla_w \lVert y - Xw\rVert^2 = -2X^\top (y - Xw)", r"2X^\top X w - 2X^\top y"))
    D.step((2 * X.T * X * w - 2 * X.T * y).subs(w, w_star), sp.ZeroMatrix(d, 1),
           "substitute w* = (X^T X)^{-1} X^T y", assumptions=full_rank,
           display=(r"\nabla_w \lVert y - Xw\rVert^2 \big|_{w^\star = (X^\top X)^{-1}X^\top y}", "0"))
    D.step((y - X * (w_star + v)).T * (y - X * (w_star + v)), r_star.T * r_star + (X * v).T * (X * v),
           "expand; the cross term is 2 v^T X^T r* = 0",
           display=(r"\lVert y - X(w^\star + v)\rVert^2", r"\lVert y - Xw^\star\rVert^2 + \lVert Xv\rVert^2"))
    return D


def _haar_orthogonal(size):
    """A sampler: a random orthogonal size x size matrix (QR of a Gaussian matrix, signs fixed)."""
    def sample(rng):
        Q, R = np.linalg.qr(rng.standard_normal((size, size)))
        return Q * np.sign(np.diag(R))
    return sample


@derivation
def eckart_young():
    """The rank-k truncation of the SVD leaves exactly the discarded sigma_i^2, and nothing does better."""
    U = sp.MatrixSymbol("U", n, n)
    V = sp.MatrixSymbol("V", n, n)
    Sig = sp.MatrixSymbol("Sigma", n, n)
    Sig_k = sp.MatrixSymbol("Sigma_k", n, n)
    t1, t2, t3 = sp.symbols("t_1 t_2 t_3", positive=True)
    s3 = t3
    s2 = s3 + t2
    s1 = s2 + t1                       # s1 >= s2 >= s3 > 0 by construction
    S = sp.diag(s1, s2, s3)
    S1 = sp.diag(s1, 0, 0)
    x = sp.MatrixSymbol("x", 3, 1)
    z = sp.MatrixSymbol("z", 3, 1)
    eps = sp.Symbol("epsilon", real=True)
    e1 = sp.Matrix([1, 0, 0])
    D = Derivation("Eckart-Young: the error of the rank-k truncation", dims={n: 3})
    D.step(U * Sig * V.T - U * Sig_k * V.T, U * (Sig - Sig_k) * V.T,
           "A - A_k for A = U Sigma V^T, A_k = U Sigma_k V^T",
           display=(r"A - A_k = U\Sigma V^\top - U\Sigma_k V^\top", r"U(\Sigma - \Sigma_k)V^\top"))
    # sampled at n = 3; samplers are keyed by the 3x3 symbols that the sampled expression contains
    U3, V3, M3 = (sp.MatrixSymbol(name, 3, 3) for name in ("U", "V", "M"))
    D.step(sp.Trace((U3 * M3 * V3.T).T * (U3 * M3 * V3.T)), sp.Trace(M3.T * M3),
           "U^T U = I, V^T V = I and tr(XY) = tr(YX)", method="numeric",
           samplers={U3: _haar_orthogonal(3), V3: _haar_orthogonal(3)},
           assumptions="U and V orthogonal (sampled at random, Haar-distributed, 3x3)",
           display=(r"\lVert U M V^\top\rVert_F^2 = \operatorname{tr}\big(V M^\top U^\top U M V^\top\big)",
                    r"\operatorname{tr}(M^\top M) = \lVert M\rVert_F^2"))
    D.step(((S - S1).T * (S - S1)).trace(), s2**2 + s3**2,
           "with M = Sigma - Sigma_k only the discarded singular values remain (n = 3, k = 1)",
           display=(r"\lVert A - A_1\rVert_F^2 = \lVert \operatorname{diag}(\sigma_1,\sigma_2,\sigma_3) - "
                    r"\operatorname{diag}(\sigma_1, 0, 0)\rVert_F^2", r"\sigma_2^2 + \sigma_3^2"))
    # Optimality: any rank-1 B can be written U (x z^T) V^T, because U and V are invertible.
    D.step(sp.Trace((S - x * z.T).T * (S - x * z.T)), s2**2 + s3**2,
           "no rank-1 matrix does better", relation=">=", method="numeric",
           display=(r"\lVert A - B\rVert_F^2 = \lVert \Sigma - x z^\top\rVert_F^2", r"\sigma_2^2 + \sigma_3^2"),
           assumptions="B = U x z^T V^T with Gaussian x, z (any rank-1 B has this form)")
    B_near = (s1 * e1 + eps * x) * (e1 + eps * z).T
    D.step(sp.Trace((S - B_near).T * (S - B_near)), s2**2 + s3**2,
           "nor does any rank-1 matrix near A_1", relation=">=", method="numeric",
           samplers={eps: lambda rng: 0.05 * rng.standard_normal()},
           display=(r"\lVert A - B_\varepsilon\rVert_F^2", r"\sigma_2^2 + \sigma_3^2"),
           assumptions="B_eps = U (sigma_1 e_1 + eps x)(e_1 + eps z)^T V^T with |eps| about 0.05")
    return D


@derivation
def householder_reflection():
    """H = I - 2 v v^T / (v^T v) with v = x - alpha e_1, alpha = -||x||, maps x to alpha e_1 and is orthogonal."""
    x1, x2, x3 = sp.symbols("x_1 x_2 x_3", positive=True)
    x = sp.Matrix([x1, x2, x3])
    alpha = -sp.sqrt(x1**2 + x2**2 + x3**2)          # the sign opposite to x_1 avoids cancellation
    e1 = sp.Matrix([1, 0, 0])
    v = x - alpha * e1
    vtv = (v.T * v)[0, 0]
    H = sp.eye(3) - 2 * v * v.T / vtv
    D = Derivation("Householder reflection (symbolic 3-vectors, x_1 > 0)")
    D.step(H * x, alpha * e1, "H x = x - 2 v (v^T x)/(v^T v) and v^T x = (v^T v)/2",
           assumptions="x_1 > 0, so alpha = -||x|| (for x_1 < 0 flip every sign)",
           display=(r"Hx = \Big(I - \frac{2vv^\top}{v^\top v}\Big)x", r"\alpha e_1,\ \alpha = -\lVert x\rVert"))
    u = sp.Matrix(sp.symbols("v_1 v_2 v_3", real=True))
    Hu = sp.eye(3) - 2 * u * u.T / (u.T * u)[0, 0]
    D.step(Hu.T * Hu, sp.eye(3), "H is symmetric and H^2 = I, for any v != 0",
           display=(r"H^\top H", "I"))
    return D


@derivation
def jacobi_rotation():
    """The rotation angle of Jacobi's method zeroes the (p, q) entry of J^T A J."""
    app, aqq = sp.symbols("a_pp a_qq", real=True)
    apq = sp.Symbol("a_pq", positive=True)
    c, s, t = sp.symbols("c s t", real=True)
    A2 = sp.Matrix([[app, apq], [apq, aqq]])
    J = sp.Matrix([[c, s], [-s, c]])
    tau = (aqq - app) / (2 * apq)
    t_star = sp.sqrt(1 + tau**2) - tau             # = 1 / (tau + sqrt(1 + tau^2)), the smaller root
    D = Derivation("Jacobi rotation zeroing a_pq")
    D.start((J.T * A2 * J)[0, 1]).then(
        (c**2 - s**2) * apq + c * s * (app - aqq), "multiply out the 2x2 product",
        display=(r"(J^\top A J)_{pq}", r"(c^2 - s^2)\,a_{pq} + cs\,(a_{pp} - a_{qq})"))
    D.step(((c**2 - s**2) * apq + c * s * (app - aqq)).subs(s, c * t),
           c**2 * (apq * (1 - t**2) + t * (app - aqq)), "write s = c t (t = tan theta)",
           display=(r"(J^\top A J)_{pq}\big|_{s = ct}", r"c^2\big(a_{pq}(1 - t^2) + t\,(a_{pp} - a_{qq})\big)"))
    D.step(c**2 * (apq * (1 - t**2) + t * (app - aqq)).subs(t, t_star), 0,
           "t = sqrt(1 + tau^2) - tau solves t^2 + 2 tau t - 1 = 0, tau = (a_qq - a_pp)/(2 a_pq)",
           assumptions="a_pq > 0 (for a_pq < 0 the same holds with sign(tau) flipped)",
           display=(r"(J^\top A J)_{pq}\big|_{t = \sqrt{1+\tau^2} - \tau}", "0"))
    return D


def _symmetric_sampler(size):
    """A sampler: a random symmetric size x size matrix."""
    def sample(rng):
        M = rng.standard_normal((size, size))
        return (M + M.T) / 2
    return sample


@derivation
def tridiagonal_reduction():
    """A two-sided Householder similarity is a symmetric rank-2 update and zeroes a column below the subdiagonal."""
    a = sp.symbols("a_11 a_12 a_13 a_22 a_23 a_33", real=True)
    A = sp.Matrix([[a[0], a[1], a[2]], [a[1], a[3], a[4]], [a[2], a[4], a[5]]])
    v = sp.Matrix(sp.symbols("v_1 v_2 v_3", real=True))
    beta = sp.Symbol("beta", real=True)
    H = sp.eye(3) - beta * v * v.T
    p = beta * A * v
    w = p - beta / 2 * (p.T * v)[0, 0] * v
    D = Derivation("Householder tridiagonalisation: one step")
    D.step(H * A * H, A - v * w.T - w * v.T,
           "multiply out; v^T A = (A v)^T because A is symmetric",
           assumptions="A symmetric (symbolic 3 x 3), any v and beta",
           display=(r"(I - \beta vv^\top)\,A\,(I - \beta vv^\top)",
                    r"A - vw^\top - wv^\top,\quad p = \beta Av,\ w = p - \tfrac{\beta}{2}(p^\top v)\,v"))
    # the first step on a 4 x 4 matrix: H = diag(1, H~), H~ reflects x = A[1:, 0] onto alpha e_1
    S = sp.MatrixSymbol("A", 4, 4)
    x = sp.Matrix([S[1, 0], S[2, 0], S[3, 0]])
    norm_x = sp.sqrt(sum(xi**2 for xi in x))
    alpha = -sp.sign(S[1, 0]) * norm_x
    u = x - alpha * sp.Matrix([1, 0, 0])
    Ht = sp.eye(3) - 2 * u * u.T / (u.T * u)[0, 0]
    H4 = sp.diag(1, Ht)
    As = sp.Matrix(4, 4, lambda i, j: S[i, j])
    D.step((H4 * As * H4)[:, 0], sp.Matrix([S[0, 0], alpha, 0, 0]),
           "H e_1 = e_1, so column 1 of H A H is H (A e_1); H~ maps A[2:4, 1] to alpha e_1",
           method="numeric", samplers={S: _symmetric_sampler(4)},
           assumptions="A symmetric (sampled at random, 4 x 4); alpha = -sign(a_21) ||A[2:4, 1]||",
           display=(r"(HAH)\,e_1", r"(a_{11},\ \alpha,\ 0,\ 0)^\top"))
    return D


@derivation
def ql_and_inverse_iteration():
    """The Wilkinson shift is an eigenvalue of the leading 2x2 block; a Givens rotation zeroes an entry;
    inverse iteration multiplies each eigenvector component by 1 / (lambda_i - mu)."""
    d1 = sp.Symbol("d_1", real=True)
    e, g = sp.symbols("e g", positive=True)
    mu = d1 - e / (g + sp.sqrt(g**2 + 1))
    D = Derivation("QL with the Wilkinson shift, and inverse iteration")
    D.step(sp.Matrix([[d1 - mu, e], [e, d1 + 2 * e * g - mu]]).det(), 0,
           "the shift mu = d_1 - e / (g + sqrt(g^2 + 1)), g = (d_2 - d_1)/(2e), is an eigenvalue "
           "of the leading 2 x 2 block",
           assumptions="e > 0 and g > 0 (otherwise flip the sign of the square root with g)",
           display=(r"\det\begin{pmatrix} d_1 - \mu & e\\ e & d_2 - \mu\end{pmatrix}", "0"))
    f, h = sp.symbols("f g", real=True)
    r = sp.sqrt(f**2 + h**2)
    c, s = h / r, f / r
    D.step(sp.Matrix([[c, -s], [s, c]]) * sp.Matrix([f, h]), sp.Matrix([0, r]),
           "the Givens rotation with c = g/r, s = f/r, r = sqrt(f^2 + g^2) zeroes f",
           assumptions="f and g not both zero",
           display=(r"\begin{pmatrix} c & -s\\ s & c\end{pmatrix}\begin{pmatrix} f\\ g\end{pmatrix}",
                    r"\begin{pmatrix} 0\\ r\end{pmatrix}"))
    Q = sp.MatrixSymbol("Q", 3, 3)
    cvec = sp.MatrixSymbol("c", 3, 1)
    lam = sp.symbols("lambda_1 lambda_2 lambda_3", positive=True)
    m = sp.Symbol("mu", real=True)
    L = sp.diag(*lam)
    D.step(sp.Inverse(Q * L * Q.T - m * sp.Identity(3)) * Q * cvec,
           Q * sp.diag(*[1 / (li - m) for li in lam]) * cvec,
           "write x = V c in the eigenvector basis V = Q; (A - mu I)^{-1} = V (Lambda - mu I)^{-1} V^T",
           method="numeric",
           samplers={Q: _haar_orthogonal(3), m: lambda rng: -rng.uniform(0.5, 2.0)},
           assumptions="A = Q diag(lambda) Q^T with Q orthogonal (sampled, Haar, 3 x 3), mu not an eigenvalue",
           display=(r"(A - \mu I)^{-1}\sum_i c_i v_i", r"\sum_i \frac{c_i}{\lambda_i - \mu}\, v_i"))
    return D
