# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/03-probability-and-statistics.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/03-probability-and-statistics.pmd:457
"""The multivariate normal distribution, computed through its Cholesky factor."""
import math
import numbers

import numpy as np

from mlfp._validation import check_array, check_random_state, check_scalar

_LOG_2PI = math.log(2.0 * math.pi)
_SINGULAR_RTOL = 1e-12   # pivot^2 below this times the largest variance: singular


def _check_mean_cov(mean, cov):
    mean = check_array(mean, "mean", ndim=1)
    cov = check_array(cov, "cov", ndim=2)
    d = mean.shape[0]
    if cov.shape != (d, d):
        raise ValueError(f"cov must have shape ({d}, {d}) to match mean of length {d}, "
                         f"got {cov.shape}")
    asym = np.max(np.abs(cov - cov.T))
    if asym > 1e-8 * np.max(np.abs(cov)):
        raise ValueError(f"cov is not symmetric (max |cov - cov.T| = {asym:.3g})")
    return mean, (cov + cov.T) / 2


def _cholesky(cov, name="cov"):
    """Lower Cholesky factor of a symmetric matrix; ValueError unless positive definite."""
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        lam = np.linalg.eigvalsh(cov)[0]
        kind = "singular" if lam >= -_SINGULAR_RTOL * np.max(np.abs(cov)) else "indefinite"
        raise ValueError(f"{name} is not positive definite: it is {kind} "
                         f"(smallest eigenvalue {lam:.3g})") from None
    pivots = np.diag(L) ** 2
    largest = np.max(np.diag(cov))
    if pivots.min() <= _SINGULAR_RTOL * largest:
        raise ValueError(f"{name} is singular to working precision (smallest Cholesky "
                         f"pivot {pivots.min():.3g}, largest variance {largest:.3g})")
    return L


# chapters/01-foundations/03-probability-and-statistics.pmd:510
def _solve_lower(L, B):
    """Solve L Z = B for lower-triangular L by forward substitution; B is (d,) or (d, m)."""
    Z = np.array(B, dtype=float, copy=True)
    for i in range(L.shape[0]):
        Z[i] -= L[i, :i] @ Z[:i]
        Z[i] /= L[i, i]
    return Z


def _mvn_logpdf(X, mean, L, block_entries=2 ** 16):
    """Log-density of N(mean, L L^T) at the rows of X (n, d)."""
    d = mean.shape[0]
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    maha = np.empty(X.shape[0])
    step = max(1, block_entries // d)          # points per cache-sized block
    for s in range(0, X.shape[0], step):
        Z = _solve_lower(L, (X[s:s + step] - mean).T)    # (d, m) whitened residuals
        maha[s:s + step] = np.einsum("ij,ij->j", Z, Z)
    return -0.5 * (d * _LOG_2PI + log_det + maha)


# chapters/01-foundations/03-probability-and-statistics.pmd:535
def _check_indices(idx, d, name="idx"):
    """Unique integer coordinates in [0, d), as an intp array (an int is one index)."""
    arr = np.atleast_1d(np.asarray(idx))
    integral = arr.dtype != bool and np.issubdtype(arr.dtype, np.integer)
    if arr.ndim != 1 or arr.size == 0 or not integral:
        raise ValueError(f"{name} must be an int or a non-empty 1-D sequence of ints, "
                         f"got {idx!r}")
    if np.any(arr < 0) or np.any(arr >= d):
        raise ValueError(f"{name} must be in [0, {d}), got {arr.tolist()}")
    if len(np.unique(arr)) != len(arr):
        raise ValueError(f"{name} has repeated coordinates: {arr.tolist()}")
    return arr.astype(np.intp)


def _conditional(mean, cov, obs, values):
    """Mean and Cholesky factor of x_rest | x_obs = values, rest in ascending order."""
    rest = np.setdiff1d(np.arange(mean.shape[0]), obs)
    order = np.concatenate([obs, rest])
    L = _cholesky(cov[np.ix_(order, order)])
    k = len(obs)
    L_bb, L_ab, L_aa = L[:k, :k], L[k:, :k], L[k:, k:]
    cond_mean = mean[rest] + L_ab @ _solve_lower(L_bb, values - mean[obs])
    return cond_mean, L_aa


# chapters/01-foundations/03-probability-and-statistics.pmd:565
class MultivariateNormal:
    """N(mean, cov) in d dimensions; every computation goes through cov = chol @ chol.T."""

    def __init__(self, mean, cov):
        self.mean, self.cov = _check_mean_cov(mean, cov)
        self.chol = _cholesky(self.cov)

    @classmethod
    def _from_cholesky(cls, mean, chol):
        obj = cls.__new__(cls)
        obj.mean, obj.chol = np.asarray(mean, dtype=float), chol
        cov = chol @ chol.T
        obj.cov = (cov + cov.T) / 2
        return obj

    @classmethod
    def from_data(cls, X):
        """The maximum-likelihood normal of the rows of X (covariance divided by n)."""
        X = check_array(X, "X", ndim=2)
        Xc = X - X.mean(axis=0)
        return cls(X.mean(axis=0), Xc.T @ Xc / X.shape[0])

    @property
    def dim(self):
        return self.mean.shape[0]

    def _points(self, X):
        X = check_array(X, "X", ndim=None)
        if X.ndim == 1:   # one point, or n points of a 1-D normal
            X = X.reshape(-1, 1) if self.dim == 1 else X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != self.dim:
            raise ValueError(f"X must have shape (n, {self.dim}), got {X.shape}")
        return X

    def logpdf(self, X):
        """Log-density at the rows of X, shape (n,)."""
        return _mvn_logpdf(self._points(X), self.mean, self.chol)

    def pdf(self, X):
        return np.exp(self.logpdf(X))

    def sample(self, n, random_state=None):
        """n draws mean + z @ chol.T with z standard normal, shape (n, d)."""
        check_scalar(n, "n", numbers.Integral, low=0)
        rng = check_random_state(random_state)
        return self.mean + rng.standard_normal((n, self.dim)) @ self.chol.T

    def marginal(self, idx):
        """The normal of the coordinates idx, in the order given."""
        idx = _check_indices(idx, self.dim)
        return MultivariateNormal(self.mean[idx], self.cov[np.ix_(idx, idx)])

    def condition(self, idx, values):
        """The normal of the other coordinates (ascending) given x[idx] = values."""
        idx = _check_indices(idx, self.dim)
        values = check_array(values, "values", ndim=None).reshape(-1)
        if values.shape != idx.shape:
            raise ValueError(f"values must have {len(idx)} entries to match idx, "
                             f"got {values.size}")
        if len(idx) == self.dim:
            raise ValueError("cannot condition on every coordinate: nothing would remain")
        mean, chol = _conditional(self.mean, self.cov, idx, values)
        return MultivariateNormal._from_cholesky(mean, chol)

    def entropy(self):
        """Differential entropy in nats: d/2 (1 + log 2 pi) + log det chol."""
        return 0.5 * self.dim * (1.0 + _LOG_2PI) + float(np.sum(np.log(np.diag(self.chol))))

    def __repr__(self):
        return f"MultivariateNormal(dim={self.dim})"
