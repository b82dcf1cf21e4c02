# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/16-automatic-differentiation.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/16-automatic-differentiation.pmd:857
"""Gradient checking by central finite differences."""
import numpy as np

from mlfp.nn.tensor import Tensor, no_grad


def numerical_gradient(f, x, eps=1e-6):
    """Central differences of the scalar function f() with respect to the array x, changed in place."""
    if not x.flags.writeable:
        raise ValueError("numerical_gradient perturbs x in place, but x is read-only")
    grad = np.zeros_like(x, dtype=np.float64)
    flat, g = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("numerical_gradient needs a contiguous x (it perturbs a flat view of it)")
    for i in range(flat.size):
        old = flat[i]
        h = eps * max(1.0, abs(old))
        flat[i] = old + h
        f_plus = f()
        flat[i] = old - h
        f_minus = f()
        flat[i] = old
        g[i] = (f_plus - f_minus) / (2 * h)
    return grad


# chapters/03-neural/16-automatic-differentiation.pmd:897
def grad_check(fn, *tensors, eps=1e-6, random_state=0):
    """Max normwise relative error between backward() and central differences of fn(*tensors)."""
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor) or not t.requires_grad:
            raise ValueError(f"grad_check: argument {i} must be a Tensor with requires_grad=True")
        if t.dtype != np.float64:
            raise ValueError(f"grad_check: argument {i} is {t.dtype}; finite differences need float64")
    out = fn(*tensors)
    u = np.random.default_rng(random_state).standard_normal(out.shape)   # the upstream gradient
    saved = [t.grad for t in tensors]
    for t in tensors:
        t.grad = None
    out.backward(u)
    analytic = [t.grad if t.grad is not None else np.zeros_like(t.data) for t in tensors]
    for t, g in zip(tensors, saved):
        t.grad = g

    def scalar():
        with no_grad():
            return float(np.sum(u * fn(*tensors).data))

    worst = 0.0
    for t, a in zip(tensors, analytic):
        n = numerical_gradient(scalar, t.data, eps)
        scale = max(np.abs(a).max(initial=0.0), np.abs(n).max(initial=0.0))
        if scale > 0:
            worst = max(worst, float(np.abs(a - n).max() / scale))
    return worst
