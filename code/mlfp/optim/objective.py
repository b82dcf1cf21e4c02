# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/04-optimization.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/04-optimization.pmd:236
"""Objectives, finite-difference gradients and the result type of mlfp.optim."""
import warnings
from dataclasses import dataclass

import numpy as np

from mlfp._validation import check_array


@dataclass
class OptimizeResult:
    """What every optimizer in mlfp.optim returns.

    x, fun, jac: the final point, objective and gradient; nit: iterations taken;
    converged: whether max|jac| <= tol; history: the objective per iteration
    (history[0] = fun(x0)); nfev/njev/nhev: function, gradient, Hessian calls.
    """
    x: np.ndarray
    fun: float
    jac: np.ndarray
    nit: int
    converged: bool
    message: str
    history: np.ndarray
    method: str
    nfev: int = 0
    njev: int = 0
    nhev: int = 0

    @property
    def success(self):
        """SciPy's name for `converged`."""
        return self.converged

    def __repr__(self):
        return (f"OptimizeResult(method={self.method!r}, converged={self.converged}, nit={self.nit}, "
                f"fun={self.fun:.6g}, max|jac|={np.max(np.abs(self.jac)):.3g}, message={self.message!r})")


# chapters/01-foundations/04-optimization.pmd:283
def finite_difference_gradient(fun, x, h=None):
    """Central-difference gradient of the scalar function `fun` at x (2 * x.size calls).

    The default step h_i = eps**(1/3) * max(1, |x_i|) balances the O(h^2) truncation
    error against the O(eps / h) rounding error.
    """
    x = np.asarray(x, dtype=float)
    if h is None:
        h = np.finfo(float).eps ** (1 / 3) * np.maximum(1.0, np.abs(x))
    h = np.broadcast_to(np.asarray(h, dtype=float), x.shape)
    grad = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = h.flat[i]
        up, down = x + step, x - step
        grad.flat[i] = (fun(up) - fun(down)) / (up.flat[i] - down.flat[i])  # the step actually taken
    return grad


# chapters/01-foundations/04-optimization.pmd:310
class _Objective:
    """fun/jac/hess behind one interface: validated outputs, call counts, a one-point cache."""

    def __init__(self, fun, jac, hess, x0):
        self.fun, self.jac, self.hess = fun, jac, hess
        self.shape = x0.shape
        self.nfev = self.njev = self.nhev = 0
        self._x = self._f = self._g = None

    def _scalar(self, value):
        if isinstance(value, float):            # the common case (np.float64 is a float too)
            return value
        v = np.asarray(value)
        if v.size != 1 or v.dtype == object or np.iscomplexobj(v) or not np.issubdtype(v.dtype, np.number):
            raise ValueError(f"fun must return a real scalar, got {type(value).__name__} "
                             f"with shape {v.shape}")
        return float(v.reshape(()))

    def _vector(self, value, name):
        v = np.asarray(value, dtype=float)
        if v.shape != self.shape:
            raise ValueError(f"{name} must return an array of shape {self.shape} like x0, got {v.shape}")
        return v

    def _at(self, x):
        if self._x is None or x.shape != self._x.shape or not (x == self._x).all():
            self._x, self._f, self._g = x.copy(), None, None

    def _both(self, x):
        out = self.fun(x)
        if not (isinstance(out, tuple) and len(out) == 2):
            raise ValueError("with jac=True, fun must return the pair (value, gradient)")
        self.nfev += 1
        self.njev += 1
        self._f, self._g = self._scalar(out[0]), self._vector(out[1], "fun (the gradient part)")

    def value(self, x):
        self._at(x)
        if self._f is None:
            if self.jac is True:
                self._both(x)
            else:
                self._f = self._scalar(self.fun(x))
                self.nfev += 1
        return self._f

    def grad(self, x):
        self._at(x)
        if self._g is None:
            if self.jac is True:
                self._both(x)
            elif self.jac is None:
                self._g = finite_difference_gradient(lambda z: self._scalar(self.fun(z)), x)
                self.nfev += 2 * x.size
            else:
                self._g = self._vector(self.jac(x), "jac")
                self.njev += 1
        return self._g

    def value_and_grad(self, x):
        return self.value(x), self.grad(x)

    def hessian(self, x):
        H = np.asarray(self.hess(x), dtype=float)
        self.nhev += 1
        d = x.size
        if H.shape != (d, d):
            raise ValueError(f"hess must return a ({d}, {d}) array, got shape {H.shape}")
        if not np.all(np.isfinite(H)):
            raise ValueError("hess returned NaN or infinity")
        return H


# chapters/01-foundations/04-optimization.pmd:389
def _check_x0(x0):
    """x0 as a finite 1-D float array (a scalar becomes an array of length 1), copied."""
    x0 = np.atleast_1d(check_array(x0, name="x0", ndim=None))
    if x0.ndim != 1:
        raise ValueError(f"x0 must be a scalar or 1-D, got shape {x0.shape}")
    return x0.copy()


def _make_objective(fun, x0, jac=None, hess=None):
    """Validate fun/jac/hess and x0; return (objective, x0, f0, g0)."""
    if not callable(fun):
        raise ValueError(f"fun must be callable, got {type(fun).__name__}")
    if not (jac is None or jac is True or callable(jac)):
        raise ValueError(f"jac must be a callable, True (fun returns (f, g)) or None "
                         f"(finite differences), got {jac!r}")
    if hess is not None and not callable(hess):
        raise ValueError(f"hess must be callable or None, got {type(hess).__name__}")
    x0 = _check_x0(x0)
    obj = _Objective(fun, jac, hess, x0)
    if jac is None:
        warnings.warn("jac=None: the gradient is approximated by central finite differences "
                      f"({2 * x0.size} function evaluations per gradient, about 10 correct "
                      "digits); pass jac= for speed and accuracy", UserWarning, stacklevel=3)
    f0 = obj.value(x0)
    if not np.isfinite(f0):
        raise ValueError(f"fun(x0) is {f0}: the objective must be finite at the starting point")
    g0 = obj.grad(x0)
    if not np.all(np.isfinite(g0)):
        raise ValueError("the gradient at x0 contains NaN or infinity")
    return obj, x0, f0, g0
