# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/12-svms-and-kernels.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/12-svms-and-kernels.pmd:319
"""Kernel functions k(a, b) between the rows of two matrices, with scikit-learn's parameter names."""
import numpy as np


def squared_distances(A, B):
    """Matrix of ||a_i - b_j||^2 = ||a_i||^2 + ||b_j||^2 - 2 a_i.b_j, clipped at 0 (rounding)."""
    sq = A @ B.T
    sq *= -2.0
    sq += np.einsum("ij,ij->i", A, A)[:, None]
    sq += np.einsum("ij,ij->i", B, B)[None, :]
    return np.maximum(sq, 0.0, out=sq)


def linear_kernel(A, B):
    return A @ B.T


def polynomial_kernel(A, B, gamma, degree, coef0):
    K = A @ B.T
    K *= gamma
    K += coef0
    if degree == int(degree) and 0 <= degree <= 16:      # a few products: far faster than pow()
        base, K = K, np.ones_like(K)
        for _ in range(int(degree)):
            K *= base
        return K
    return K ** degree


def rbf_kernel(A, B, gamma):
    K = squared_distances(A, B)
    K *= -gamma
    return np.exp(K, out=K)


def sigmoid_kernel(A, B, gamma, coef0):
    """tanh(gamma a.b + coef0): widely used, but not positive semi-definite in general."""
    return np.tanh(gamma * (A @ B.T) + coef0)


# chapters/02-classical/12-svms-and-kernels.pmd:363
KERNELS = ("linear", "poly", "rbf", "sigmoid")


def pairwise_kernel(A, B, kernel="rbf", gamma=1.0, degree=3, coef0=0.0):
    """Gram matrix K[i, j] = k(A[i], B[j]) for a kernel named in KERNELS."""
    if kernel == "linear":
        return linear_kernel(A, B)
    if kernel == "poly":
        return polynomial_kernel(A, B, gamma, degree, coef0)
    if kernel == "rbf":
        return rbf_kernel(A, B, gamma)
    if kernel == "sigmoid":
        return sigmoid_kernel(A, B, gamma, coef0)
    raise ValueError(f"kernel must be one of {KERNELS}, got {kernel!r}")
