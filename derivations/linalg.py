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
        2 * X.T * X * w - 2 * X.T * y, "distribute",
        display=(r"\nabla_w \lVert y - Xw\rVert^2 = -2X^\top (y - Xw)", r"2X^\top X w - 2X^\top y"))
    D.step((2 * X.T * X * w - 2 * X.T * y).subs(w, w_star), sp.ZeroMatrix(d, 1),
           "substitute w* = (X^T X)^{-1} X^T y", assumptions=full_rank,
           display=(r"\nabla_w \lVert y - Xw\rVert^2 \big|_{w^\star = (X^\top X)^{-1}X^\top y}", "0"))
    D.step((y - X * (w_star + v)).T * (y - X * (w_star + v)), r_star.T * r_star + (X * v).T * (X * v),
           "expand; the cross term is 2 v^T X^T r* = 0",
           display=(r"\lVert y - X(w^\star + v)\rVert^2", r"\lVert y - Xw^\star\rVert^2 + \lVert Xv\rVert^2"))
    return D


def _cayley(a, b, c):
    """A 3x3 rotation (U^T U = I, det U = 1) as a rational function of three parameters."""
    S = sp.Matrix([[0, -a, -b], [a, 0, -c], [b, c, 0]])
    I3 = sp.eye(3)
    return (I3 - S) * (I3 + S).inv()


@derivation
def eckart_young():
    """The rank-k truncation of the SVD leaves exactly the discarded sigma_i^2, and nothing does better."""
    a1, b1, c1, a2, b2, c2 = sp.symbols("a_1 b_1 c_1 a_2 b_2 c_2", real=True)
    t1, t2, t3 = sp.symbols("t_1 t_2 t_3", positive=True)
    s3 = t3
    s2 = s3 + t2
    s1 = s2 + t1                       # s1 >= s2 >= s3 > 0 by construction
    U, V = _cayley(a1, b1, c1), _cayley(a2, b2, c2)
    S = sp.diag(s1, s2, s3)
    S1 = sp.diag(s1, 0, 0)
    A = U * S * V.T
    A1 = U * S1 * V.T
    E = A - A1
    x = sp.MatrixSymbol("x", 3, 1)
    z = sp.MatrixSymbol("z", 3, 1)
    eps = sp.Symbol("epsilon", real=True)
    e1 = sp.Matrix([1, 0, 0])
    orth = ("3x3 matrices, with U and V rotations written by the Cayley transform "
            "U = (I - S)(I + S)^{-1} of a skew-symmetric S with three free parameters")
    D = Derivation("Eckart-Young: error of the rank-k truncation (k = 1, 3x3)")
    D.start((E.T * E).trace()).then(
        (V * (S - S1).T * U.T * U * (S - S1) * V.T).trace(), "A - A_k = U (Sigma - Sigma_k) V^T",
        assumptions=orth,
        display=(r"\lVert A - A_k\rVert_F^2 = \operatorname{tr}\big((A-A_k)^\top(A-A_k)\big)",
                 r"\operatorname{tr}\big(V(\Sigma-\Sigma_k)^\top U^\top U(\Sigma-\Sigma_k)V^\top\big)")).then(
        ((S - S1).T * (S - S1)).trace(), "U^T U = I, V^T V = I and tr(MN) = tr(NM)",
        display=("", r"\operatorname{tr}\big((\Sigma-\Sigma_k)^2\big)")).then(
        s2**2 + s3**2, "only the discarded singular values remain",
        display=("", r"\sigma_2^2 + \sigma_3^2"))
    # Optimality: any rank-1 B = U (x z^T) V^T (every rank-1 matrix has this form, U, V invertible).
    D.step(sp.Trace((S - x * z.T).T * (S - x * z.T)), s2**2 + s3**2,
           "no rank-1 matrix does better (random rank-1 B)", relation=">=", method="numeric",
           display=(r"\lVert A - B\rVert_F^2 = \lVert \Sigma - U^\top B V\rVert_F^2", r"\sigma_2^2 + \sigma_3^2"),
           assumptions="B = U x z^T V^T with Gaussian x, z")
    B_near = (s1 * e1 + eps * x) * (e1 + eps * z).T
    D.step(sp.Trace((S - B_near).T * (S - B_near)), s2**2 + s3**2,
           "nor does any rank-1 matrix near A_1", relation=">=", method="numeric",
           samplers={eps: lambda rng: 0.05 * rng.standard_normal()},
           display=(r"\lVert A - B_\varepsilon\rVert_F^2", r"\sigma_2^2 + \sigma_3^2"),
           assumptions="B_eps = U (sigma_1 e_1 + eps x)(e_1 + eps z)^T V^T, |eps| ~ 0.05")
    return D
