# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/04-optimization.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/04-optimization.pmd:941
"""Proximal and projected gradient methods, with the proximal operators the book uses."""
import numbers
import warnings

import numpy as np

from mlfp._validation import check_scalar
from mlfp.exceptions import ConvergenceWarning
from mlfp.optim.objective import OptimizeResult, _check_x0


def soft_threshold(v, threshold):
    """sign(v) * max(|v| - threshold, 0): the proximal operator of threshold * ||.||_1."""
    return np.sign(v) * np.maximum(np.abs(v) - threshold, 0.0)


def prox_l1(alpha):
    """prox_g for g(x) = alpha * ||x||_1, as a function (v, step) -> soft_threshold(v, alpha*step)."""
    check_scalar(alpha, "alpha", low=0.0)
    return lambda v, step: soft_threshold(v, alpha * step)


def project_box(lower=-np.inf, upper=np.inf):
    """Projection onto {x : lower <= x <= upper}, as a function (v, step) -> clip(v, lower, upper)."""
    if np.any(np.asarray(lower) > np.asarray(upper)):
        raise ValueError("project_box: lower must not exceed upper")
    return lambda v, step=None: np.clip(v, lower, upper)


# chapters/01-foundations/04-optimization.pmd:971
def proximal_gradient(grad_f, prox_g, x0, step, fun=None, tol=1e-8, max_iter=10_000,
                      accelerated=False, callback=None):
    """Minimise f + g by x <- prox_g(x - step * grad_f(x), step) (FISTA if accelerated).

    Stops when the gradient mapping (x - prox_g(x - step*grad_f(x), step)) / step has
    max-norm <= tol. `fun` (f + g) is only used to record history.
    """
    for name, fn in (("grad_f", grad_f), ("prox_g", prox_g)):
        if not callable(fn):
            raise ValueError(f"{name} must be callable, got {type(fn).__name__}")
    if fun is not None and not callable(fun):
        raise ValueError(f"fun must be callable or None, got {type(fun).__name__}")
    x = _check_x0(x0)
    check_scalar(step, "step", low=0.0, low_open=True)
    check_scalar(tol, "tol", low=0.0)
    check_scalar(max_iter, "max_iter", kind=numbers.Integral, low=0)

    def forward_backward(y):
        g = np.asarray(grad_f(y), dtype=float)
        if g.shape != y.shape or not np.all(np.isfinite(g)):
            raise ValueError(f"grad_f must return a finite array of shape {y.shape}")
        return np.asarray(prox_g(y - step * g, step), dtype=float)

    history = [] if fun is None else [float(fun(x))]
    if history and not np.isfinite(history[0]):
        raise ValueError(f"fun(x0) is {history[0]}: the objective must be finite at x0")
    y, t, k, converged, message = x.copy(), 1.0, 0, False, None
    mapping = np.full_like(x, np.nan)
    while k < max_iter:
        x_next = forward_backward(y)                # x_{k+1} = prox(y_k - step * grad f(y_k))
        if not np.all(np.isfinite(x_next)):
            message = f"diverged at iteration {k + 1} (is step larger than 1/L?)"
            break
        mapping = (y - x_next) / step
        converged = bool(np.max(np.abs(mapping)) <= tol)
        if accelerated and not converged:
            t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
            y = x_next + ((t - 1) / t_next) * (x_next - x)
            t = t_next
        else:
            y = x_next
        x, k = x_next, k + 1
        if fun is not None:
            history.append(float(fun(x)))
        if callback is not None:
            callback(x.copy())
        if converged:
            break
    if message is None:
        message = ("converged: max|gradient mapping| <= tol" if converged else
                   f"max_iter={max_iter} reached with max|gradient mapping| = "
                   f"{np.max(np.abs(mapping)):.3g} > tol")
    if not converged:
        warnings.warn(f"proximal_gradient did not converge: {message}", ConvergenceWarning, stacklevel=2)
    return OptimizeResult(x=x, fun=history[-1] if history else np.nan, jac=mapping, nit=k,
                          converged=converged, message=message, history=np.asarray(history),
                          method="fista" if accelerated else "proximal_gradient")


# chapters/01-foundations/04-optimization.pmd:1033
def projected_gradient(grad_f, project, x0, step, fun=None, tol=1e-8, max_iter=10_000,
                       accelerated=False, callback=None):
    """Minimise f over a convex set C: x <- project(x - step * grad_f(x)); project(v) -> C."""
    if not callable(project):
        raise ValueError(f"project must be callable, got {type(project).__name__}")
    res = proximal_gradient(grad_f, lambda v, s: project(v), x0, step, fun=fun, tol=tol,
                            max_iter=max_iter, accelerated=accelerated, callback=callback)
    res.method = "projected_gradient"
    return res
