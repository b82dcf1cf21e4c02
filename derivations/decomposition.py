"""Derivations shown in chapter 6, PCA versus the autoencoder
(chapters/01-foundations/06-pca-vs-autoencoder.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.

SymPy cannot use "W has orthonormal columns" for a matrix of unknown entries,
and a rational parametrisation of orthogonal matrices (the Cayley transform
of derivations/linalg.py) proves the d = 3 identities exactly but takes
minutes; so the steps that need orthonormality are checked numerically, with
orthonormal matrices sampled as Q factors, and the derivations say so.
"""
import numpy as np
import sympy as sp

from mlfp.derive import Derivation, derivation



def _ordered_eigenvalues():
    """lambda_1 >= lambda_2 >= lambda_3 > 0 by construction, from three positive gaps."""
    t1, t2, t3 = sp.symbols("t_1 t_2 t_3", positive=True)
    l3 = t3
    l2 = l3 + t2
    l1 = l2 + t1
    return l1, l2, l3


def _random_orthonormal(d, k):
    def sample(rng):
        Q, _ = np.linalg.qr(rng.standard_normal((d, k)))
        return Q
    return sample


@derivation
def pca_reconstruction_error():
    """Mean squared error of projecting centred data on k orthonormal directions; top eigenvectors are best."""
    n, d, k = sp.symbols("n d k", integer=True, positive=True)
    X = sp.MatrixSymbol("X", n, d)          # centred data X_c
    W = sp.MatrixSymbol("W", d, k)          # orthonormal basis of the kept subspace
    C = X.T * X
    R = X - X * W * W.T
    orthonormal = {sp.MatrixSymbol("W", 3, 2): _random_orthonormal(3, 2)}   # W at the dims
    D = Derivation("Reconstruction error of a projection (n = 4, d = 3, k = 2)", dims={n: 4, d: 3, k: 2})
    D.start(sp.Trace(R.T * R))
    D.then(sp.Trace(C) - 2 * sp.Trace(W.T * C * W) + sp.Trace(W.T * C * W * W.T * W),
           "expand the square; the trace is cyclic", method="fixed",
           display=(r"\lVert X_c - X_c W W^\top\rVert_F^2",
                    r"\operatorname{tr} C - 2\operatorname{tr}(W^\top C W) + \operatorname{tr}(W^\top C W\, W^\top W)"))
    D.then(sp.Trace(C) - sp.Trace(W.T * C * W), "$W^\\top W = I$",
           method="numeric", samplers=orthonormal,
           assumptions="$W$ has orthonormal columns (sampled as the Q factor of a Gaussian matrix)",
           display=(None, r"\operatorname{tr} C - \operatorname{tr}(W^\top C W)"))
    # in the eigenbasis of C = (n - 1) V Lambda V^T, with W = V_k the top k eigenvectors
    V = sp.MatrixSymbol("V", 3, 3)
    l1, l2, l3 = _ordered_eigenvalues()
    Lam = sp.diag(l1, l2, l3)
    Cv = (n - 1) * V * Lam * V.T
    Vk = V * sp.ImmutableMatrix(sp.eye(3)[:, :2])           # the first two columns of V
    D.step((sp.Trace(Cv) - sp.Trace(Vk.T * Cv * Vk)) / n, (n - 1) / n * l3,
           "write $C = (n-1)V\\Lambda V^\\top$ and keep the top $k$ eigenvectors, $W = V_k$",
           method="numeric", samplers={V: _random_orthonormal(3, 3)},
           assumptions="$V$ orthogonal (sampled), $\\lambda_1 \\ge \\lambda_2 \\ge \\lambda_3 > 0$",
           display=(r"\frac{1}{n}\big(\operatorname{tr} C - \operatorname{tr}(V_k^\top C V_k)\big)",
                    r"\frac{n-1}{n} \sum_{j > k} \lambda_j = \frac{n-1}{n}\,\lambda_3"))
    # no orthonormal W keeps more variance than V_k (Ky Fan); in the eigenbasis C = (n-1) Lambda
    Wm = sp.MatrixSymbol("W", 3, 2)
    D.step(sp.Trace(Wm.T * Lam * Wm), l1 + l2,
           "no orthonormal $W$ keeps more variance than $V_k$ (Ky Fan's inequality)",
           relation="<=", method="numeric", samplers={Wm: _random_orthonormal(3, 2)},
           assumptions=("coordinates rotated to the eigenbasis, so $C = (n-1)\\Lambda$; $W$ drawn "
                        "as the Q factor of a Gaussian $3 \\times 2$ matrix"),
           display=(r"\operatorname{tr}(W^\top \Lambda W)", r"\lambda_1 + \lambda_2"))
    return D


@derivation
def autoencoder_layer_gradient():
    """Backpropagation through one layer Z = f(A), A = X W + 1 b^T, for any differentiable f."""
    f = sp.Function("f")
    n_, din, dout = 2, 3, 2
    X = sp.Matrix(n_, din, lambda i, j: sp.Symbol(f"x_{i}{j}", real=True))
    W = sp.Matrix(din, dout, lambda i, j: sp.Symbol(f"w_{i}{j}", real=True))
    b = sp.Matrix(dout, 1, lambda i, j: sp.Symbol(f"b_{i}", real=True))
    Delta = sp.Matrix(n_, dout, lambda i, j: sp.Symbol(f"delta_{i}{j}", real=True))
    ones = sp.ones(n_, 1)
    A = X * W + ones * b.T
    Z = A.applyfunc(f)
    s = sp.Symbol("s", real=True)
    fprime = A.applyfunc(lambda a: f(s).diff(s).subs(s, a))
    # any loss whose gradient with respect to Z is Delta, to first order: L = <Delta, Z>
    L = sum(Delta[i, j] * Z[i, j] for i in range(n_) for j in range(dout))
    G = Delta.multiply_elementwise(fprime)          # dL/dA
    size = f"$n = {n_}$ samples, {din} inputs, {dout} outputs, entries free symbols, $f$ an undefined function"
    D = Derivation(f"One layer of backpropagation (entrywise, n = {n_}, {din} -> {dout})")
    D.step(sp.Matrix(din, dout, lambda i, j: sp.diff(L, W[i, j])), X.T * G,
           "chain rule through $A = XW + \\mathbf{1}b^\\top$, entry by entry",
           assumptions=size,
           display=(r"\frac{\partial L}{\partial W}", r"X^\top \big(\Delta \odot f'(A)\big)"))
    D.step(sp.Matrix(dout, 1, lambda i, j: sp.diff(L, b[i])), G.T * ones,
           "the bias is added to every row", display=(r"\frac{\partial L}{\partial b}",
                                                     r"\big(\Delta \odot f'(A)\big)^\top \mathbf{1}"))
    D.step(sp.Matrix(n_, din, lambda i, j: sp.diff(L, X[i, j])), G * W.T,
           "the gradient passed down to the layer's input",
           display=(r"\frac{\partial L}{\partial X}", r"\big(\Delta \odot f'(A)\big) W^\top"))
    return D


@derivation
def autoencoder_tanh_gradient():
    """dL/dW for a one-hidden-layer tanh autoencoder with mean squared loss, entry by entry."""
    n_, d, h = 2, 3, 2
    X = sp.Matrix(n_, d, lambda i, j: sp.Symbol(f"x_{i}{j}", real=True))
    W1 = sp.Matrix(d, h, lambda i, j: sp.Symbol(f"u_{i}{j}", real=True))
    b1 = sp.Matrix(h, 1, lambda i, j: sp.Symbol(f"c_{i}", real=True))
    W2 = sp.Matrix(h, d, lambda i, j: sp.Symbol(f"v_{i}{j}", real=True))
    b2 = sp.Matrix(d, 1, lambda i, j: sp.Symbol(f"e_{i}", real=True))
    ones = sp.ones(n_, 1)
    H = (X * W1 + ones * b1.T).applyfunc(sp.tanh)
    Xhat = H * W2 + ones * b2.T
    R = Xhat - X
    L = sum(R[i, j] ** 2 for i in range(n_) for j in range(d)) / (2 * n_)
    G = R / n_                                                   # dL/dXhat
    Gh = (G * W2.T).multiply_elementwise(H.applyfunc(lambda t: 1 - t ** 2))   # dL/dA1
    size = f"$n = {n_}$, $d = {d}$, $h = {h}$, every entry a free symbol"
    D = Derivation(f"Gradients of a tanh autoencoder (entrywise, n = {n_}, d = {d}, h = {h})")
    Y = sp.Matrix(n_, d, lambda i, j: sp.Symbol(f"y_{i}{j}", real=True))   # stands for X_hat
    L_Y = sum((Y[i, j] - X[i, j]) ** 2 for i in range(n_) for j in range(d)) / (2 * n_)
    D.step(sp.Matrix(n_, d, lambda i, j: sp.diff(L_Y, Y[i, j])), (Y - X) / n_,
           "differentiate the loss $L = \\frac{1}{2n}\\lVert \\hat X - X\\rVert_F^2$",
           assumptions=size, display=(r"\frac{\partial L}{\partial \hat X}", r"G = \tfrac{1}{n}(\hat X - X)"))
    D.step(sp.Matrix(h, d, lambda i, j: sp.diff(L, W2[i, j])), H.T * G,
           "the decoder is one linear layer", display=(r"\frac{\partial L}{\partial W_2}", r"H^\top G"))
    D.step(sp.Matrix(d, 1, lambda i, j: sp.diff(L, b2[i])), G.T * ones,
           "its bias", display=(r"\frac{\partial L}{\partial b_2}", r"G^\top \mathbf{1}"))
    D.step(sp.Matrix(d, h, lambda i, j: sp.diff(L, W1[i, j])), X.T * Gh,
           "$\\tanh'(a) = 1 - \\tanh^2(a)$, then the layer rule",
           display=(r"\frac{\partial L}{\partial W_1}", r"X^\top\big((G W_2^\top) \odot (1 - H \odot H)\big)"))
    D.step(sp.Matrix(h, 1, lambda i, j: sp.diff(L, b1[i])), Gh.T * ones,
           "its bias", display=(r"\frac{\partial L}{\partial b_1}",
                                r"\big((G W_2^\top) \odot (1 - H \odot H)\big)^\top \mathbf{1}"))
    return D


@derivation
def linear_autoencoder_critical_points():
    """Every (V_k M, M^{-1} V_k^T) with invertible M is a critical point of the linear AE with the PCA loss."""
    n = sp.Symbol("n", integer=True, positive=True)
    l1, l2, l3 = _ordered_eigenvalues()
    C = (n - 1) * sp.diag(l1, l2, l3)                    # X_c^T X_c in its eigenbasis
    m11, m12, m21, m22 = sp.symbols("m_11 m_12 m_21 m_22", real=True)
    M = sp.Matrix([[m11, m12], [m21, m22]])
    Vk = sp.eye(3)[:, :2]                                  # the top-2 eigenvectors, e_1 and e_2
    E = Vk * M                                             # encoder d x k: codes Z = X_c E
    Dd = M.inv() * Vk.T                                    # decoder k x d: X_hat = Z D
    I3 = sp.eye(3)
    # L(E, D) = 1/(2n) ||X_c - X_c E D||_F^2 = 1/(2n) tr((I - ED)^T C (I - ED))
    dL_dD = -E.T * C * (I3 - E * Dd) / n
    dL_dE = -C * (I3 - E * Dd) * Dd.T / n
    where = ("coordinates rotated to the eigenbasis of $C = X_c^\\top X_c$ (the loss and its "
             "gradients rotate with the data), $d = 3$, $k = 2$, $M$ an invertible $2 \\times 2$ "
             "matrix of free symbols")
    D = Derivation("Critical points of the linear autoencoder (d = 3, k = 2, eigenbasis)")
    D.step(E * Dd, Vk * Vk.T, "the reconstruction map does not depend on $M$", assumptions=where,
           display=(r"E D = (V_k M)(M^{-1} V_k^\top)", r"V_k V_k^\top"))
    D.step(dL_dD, sp.zeros(2, 3), "the decoder gradient vanishes for every invertible $M$",
           display=(r"\frac{\partial L}{\partial D} = -\tfrac{1}{n} E^\top C (I - E D)", "0"))
    D.step(dL_dE, sp.zeros(3, 2), "and so does the encoder gradient",
           display=(r"\frac{\partial L}{\partial E} = -\tfrac{1}{n} C (I - E D) D^\top", "0"))
    return D
