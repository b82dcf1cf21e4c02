# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/04-optimization.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/04-optimization.pmd:798
"""minimize(): one loop for every method of the chapter."""
import numbers
import warnings

import numpy as np

from mlfp._validation import check_scalar
from mlfp.exceptions import ConvergenceWarning
from mlfp.optim.objective import OptimizeResult, _make_objective
from mlfp.optim.rules import (_Stop, adagrad_rule, adam_rule, gd_armijo_rule, gd_rule,
                              heavy_ball_rule, lbfgs_rule, nesterov_rule, newton_rule,
                              rmsprop_rule)


def _iterate(obj, x, f, g, update, tol, max_iter, callback=None):
    """Run `update` until max|g| <= tol; return (x, f, g, nit, converged, message, history)."""
    history, k, message = [f], 0, None
    converged = bool(np.abs(g).max() <= tol)
    while not converged and k < max_iter:
        try:
            x_next = update(x, f, g)
        except _Stop as stop:
            message = str(stop)
            break
        if (x_next == x).all():
            message = "no progress: the step is below the floating-point resolution of x"
            break
        k += 1
        x, f = x_next, obj.value(x_next)
        history.append(f)
        if not (np.isfinite(f) and np.isfinite(x).all()):
            message = f"diverged: the objective is {f} at iteration {k} (is the step too large?)"
            break
        g = obj.grad(x)
        if not np.isfinite(g).all():
            message = f"the gradient is not finite at iteration {k}"
            break
        if callback is not None:
            callback(x.copy())
        converged = bool(np.abs(g).max() <= tol)
    if message is None:
        message = ("converged: max|gradient| <= tol" if converged else
                   f"max_iter={max_iter} reached with max|gradient| = {np.max(np.abs(g)):.3g} > tol")
    return x, f, g, k, converged, message, np.asarray(history)


# chapters/01-foundations/04-optimization.pmd:853
METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "newton", "lbfgs")
_DEFAULT_LR = {"gd": 1e-2, "momentum": 1e-2, "nesterov": 1e-2, "adagrad": 1e-2,
               "rmsprop": 1e-2, "adam": 1e-3, "newton": 1.0, "lbfgs": 1.0}
_LINE_SEARCHES = {"gd": (None, "armijo"), "newton": ("armijo", None), "lbfgs": ("wolfe", "armijo")}


def _rule(method, obj, lr, line_search, momentum, decay, eps, memory):
    if method == "gd":
        return gd_rule(lr) if line_search is None else gd_armijo_rule(obj, lr)
    if method == "momentum":
        return heavy_ball_rule(lr, momentum)
    if method == "nesterov":
        return nesterov_rule(lr, momentum)
    if method == "adagrad":
        return adagrad_rule(lr, eps)
    if method == "rmsprop":
        return rmsprop_rule(lr, 0.9 if decay is None else decay, eps)
    if method == "adam":
        return adam_rule(lr, momentum, 0.999 if decay is None else decay, eps)
    if method == "newton":
        return newton_rule(obj, lr, line_search)
    return lbfgs_rule(obj, lr, line_search, memory)


# chapters/01-foundations/04-optimization.pmd:878
def minimize(fun, x0, jac=None, method="lbfgs", tol=1e-8, max_iter=None, learning_rate=None,
             hess=None, line_search="default", momentum=0.9, decay=None, eps=1e-8, memory=10,
             callback=None):
    """Minimise fun from x0; stop when max|gradient| <= tol.

    jac: gradient function, True if fun returns (f, g), or None for finite differences (warns).
    method: 'gd' (fixed step, or Armijo with line_search='armijo'), 'momentum' (heavy ball),
    'nesterov', 'adagrad', 'rmsprop', 'adam', 'newton' (needs hess=), 'lbfgs'.
    line_search: 'gd': None (default) | 'armijo'; 'newton': 'armijo' (default) | None;
    'lbfgs': 'wolfe' (default) | 'armijo'.  learning_rate: the step of first-order methods,
    the first trial step of line searches.  momentum: heavy ball / Nesterov beta, Adam beta1;
    decay: RMSProp rho (0.9), Adam beta2 (0.999).  max_iter default: 100 for Newton, 1000 for
    L-BFGS, 10000 otherwise.  Returns an OptimizeResult; warns ConvergenceWarning if not converged.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {METHODS}")
    if method == "newton" and hess is None:
        raise ValueError("method='newton' needs the Hessian: pass hess=callable returning a (d, d) array")
    if hess is not None and method != "newton":
        warnings.warn(f"hess is only used by method='newton'; ignored by {method!r}", UserWarning,
                      stacklevel=2)
    allowed = _LINE_SEARCHES.get(method, (None,))
    line_search = allowed[0] if line_search == "default" else line_search
    if line_search not in allowed:
        raise ValueError(f"line_search={line_search!r} is not available for method {method!r}; "
                         f"choose one of {allowed}")
    check_scalar(tol, "tol", low=0.0)
    if max_iter is None:
        max_iter = {"newton": 100, "lbfgs": 1000}.get(method, 10_000)
    check_scalar(max_iter, "max_iter", kind=numbers.Integral, low=0)
    if learning_rate is None:
        learning_rate = 1.0 if line_search is not None else _DEFAULT_LR[method]
    lr = learning_rate
    check_scalar(lr, "learning_rate", low=0.0, low_open=True)
    check_scalar(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    if decay is not None:
        check_scalar(decay, "decay", low=0.0, high=1.0, high_open=True)
    check_scalar(eps, "eps", low=0.0)
    check_scalar(memory, "memory", kind=numbers.Integral, low=1)

    obj, x, f, g = _make_objective(fun, x0, jac=jac, hess=hess)
    update = _rule(method, obj, lr, line_search, momentum, decay, eps, memory)
    x, f, g, nit, converged, message, history = _iterate(obj, x, f, g, update, tol, max_iter, callback)
    if not converged:
        warnings.warn(f"minimize(method={method!r}) did not converge: {message}", ConvergenceWarning,
                      stacklevel=2)
    return OptimizeResult(x=x, fun=f, jac=g, nit=nit, converged=converged, message=message,
                          history=history, method=method, nfev=obj.nfev, njev=obj.njev, nhev=obj.nhev)
