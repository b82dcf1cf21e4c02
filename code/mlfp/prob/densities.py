# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/03-probability-and-statistics.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/03-probability-and-statistics.pmd:108
"""Log-densities of the common one-dimensional distributions, vectorised,
with scipy.stats as the oracle in chapter 3."""
import math

import numpy as np

from mlfp._validation import check_array

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
# B_{2m} / (2m (2m - 1)) for m = 1..7: the coefficients of Stirling's series
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)


def _gammaln(x):
    """log Gamma(x) for finite x > 0, elementwise (absolute error ~1e-14)."""
    z = np.array(x, dtype=float, copy=True)
    shift = np.zeros_like(z)
    for _ in range(10):                      # log G(z) = log G(z + 1) - log z
        small = z < 10.0
        if not small.any():
            break
        shift[small] += np.log(z[small])
        z[small] += 1.0
    inv, inv2 = 1.0 / z, 1.0 / (z * z)
    series = np.zeros_like(z)
    for c in reversed(_STIRLING):            # Horner in 1/z^2
        series = series * inv2 + c
    return (z - 0.5) * np.log(z) - z + _HALF_LOG_2PI + series * inv - shift


# chapters/01-foundations/03-probability-and-statistics.pmd:186
def _xlogy(x, y):
    """x * log(y), with 0 wherever x == 0 (so 0 log 0 = 0)."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    out = np.zeros(x.shape)
    nz = x != 0
    with np.errstate(divide="ignore"):
        out[nz] = x[nz] * np.log(y[nz])
    return out


def _xlog1py(x, y):
    """x * log(1 + y), with 0 wherever x == 0."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    out = np.zeros(x.shape)
    nz = x != 0
    with np.errstate(divide="ignore"):
        out[nz] = x[nz] * np.log1p(y[nz])
    return out


def _param(value, name, low=None, high=None, low_open=False):
    """A finite parameter array inside [low, high] (or (low, high] if low_open)."""
    arr = check_array(value, name, ndim=None)
    if low is not None and np.any(arr <= low if low_open else arr < low):
        op = ">" if low_open else ">="
        raise ValueError(f"{name} must be {op} {low}, got min {arr.min()!r}")
    if high is not None and np.any(arr > high):
        raise ValueError(f"{name} must be <= {high}, got max {arr.max()!r}")
    return arr


def _is_integer(k):
    return k == np.floor(k)


# chapters/01-foundations/03-probability-and-statistics.pmd:227
def normal_logpdf(x, mean=0.0, std=1.0):
    """log N(x; mean, std^2), elementwise."""
    x = check_array(x, "x", ndim=None)
    mean, std = _param(mean, "mean"), _param(std, "std", low=0.0, low_open=True)
    z = (x - mean) / std
    return (-0.5 * z * z - np.log(std) - _HALF_LOG_2PI)[()]


def bernoulli_logpmf(k, p):
    """log P(k) for k in {0, 1} with P(1) = p; -inf for any other k."""
    k, p = check_array(k, "k", ndim=None), _param(p, "p", low=0.0, high=1.0)
    out = _xlogy(k, p) + _xlog1py(1.0 - k, -p)
    return np.where((k == 0) | (k == 1), out, -np.inf)[()]


def categorical_logpmf(k, p):
    """log p[..., k] for labels k in {0, ..., K-1}; p's last axis is a distribution."""
    k = check_array(k, "k", ndim=None)
    p = check_array(p, "p", ndim=None)
    if p.ndim == 0:
        raise ValueError("p must have at least one axis (the K categories)")
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("p must have entries in [0, 1]")
    if np.any(np.abs(p.sum(axis=-1) - 1.0) > 1e-6):
        raise ValueError("p must sum to 1 along its last axis (tolerance 1e-6)")
    valid = _is_integer(k) & (k >= 0) & (k < p.shape[-1])
    shape = np.broadcast_shapes(k.shape, p.shape[:-1])
    idx = np.broadcast_to(np.where(valid, k, 0).astype(np.intp), shape)
    pb = np.broadcast_to(p, shape + p.shape[-1:])
    pk = np.take_along_axis(pb, idx[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore"):
        return np.where(valid, np.log(pk), -np.inf)[()]


def poisson_logpmf(k, rate):
    """log Poisson(k; rate) for k = 0, 1, 2, ...; -inf for other k."""
    k, rate = check_array(k, "k", ndim=None), _param(rate, "rate", low=0.0)
    valid = _is_integer(k) & (k >= 0)
    kk = np.where(valid, k, 0.0)
    out = _xlogy(kk, rate) - rate - _gammaln(kk + 1.0)
    return np.where(valid, out, -np.inf)[()]


def gamma_logpdf(x, shape, rate=1.0):
    """log Gamma(x; shape, rate) (density rate^a x^(a-1) e^(-rate x) / Gamma(a)), x >= 0."""
    x = check_array(x, "x", ndim=None)
    a = _param(shape, "shape", low=0.0, low_open=True)
    b = _param(rate, "rate", low=0.0, low_open=True)
    xx = np.where(x >= 0, x, 1.0)
    out = a * np.log(b) - _gammaln(a) + _xlogy(a - 1.0, xx) - b * xx
    return np.where(x >= 0, out, -np.inf)[()]


def beta_logpdf(x, a, b):
    """log Beta(x; a, b) for 0 <= x <= 1."""
    x = check_array(x, "x", ndim=None)
    a, b = _param(a, "a", low=0.0, low_open=True), _param(b, "b", low=0.0, low_open=True)
    inside = (x >= 0) & (x <= 1)
    xx = np.where(inside, x, 0.5)
    log_beta = _gammaln(a) + _gammaln(b) - _gammaln(a + b)
    out = _xlogy(a - 1.0, xx) + _xlog1py(b - 1.0, -xx) - log_beta
    return np.where(inside, out, -np.inf)[()]
