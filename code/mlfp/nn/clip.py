# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/19-sequence-models.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/19-sequence-models.pmd:505
"""Gradient clipping, in place on the parameters' .grad (torch.nn.utils.clip_grad_*)."""
import numbers

import numpy as np

from mlfp._validation import check_scalar
from mlfp.nn.tensor import Tensor

__all__ = ["clip_grad_norm", "clip_grad_value"]


def _with_grads(parameters):
    parameters = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p for p in parameters if p.grad is not None]


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """Scale all gradients by max_norm / (total + 1e-6) if their joint norm is larger.

    Returns the norm before clipping, taken over all gradients as if concatenated.
    """
    check_scalar(max_norm, "max_norm", numbers.Real, low=0)
    check_scalar(norm_type, "norm_type", numbers.Real, low=0, low_open=True)
    params = _with_grads(parameters)
    if not params:
        return 0.0
    if norm_type == np.inf:
        total = max(float(np.abs(p.grad).max(initial=0.0)) for p in params)
    else:
        total = sum(float(np.sum(np.abs(p.grad) ** norm_type)) for p in params)
        total = total ** (1.0 / norm_type)
    if error_if_nonfinite and not np.isfinite(total):
        raise ValueError(f"clip_grad_norm: the total gradient norm is {total}")
    scale = min(1.0, max_norm / (total + 1e-6))
    if scale < 1.0:
        for p in params:
            p.grad = p.grad * scale
    return total


def clip_grad_value(parameters, clip_value):
    """Clamp every gradient entry to [-clip_value, clip_value]."""
    check_scalar(clip_value, "clip_value", numbers.Real, low=0)
    for p in _with_grads(parameters):
        p.grad = np.clip(p.grad, -clip_value, clip_value)
