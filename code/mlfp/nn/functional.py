# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/17-multilayer-perceptrons.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/17-multilayer-perceptrons.pmd:242
"""Functions of tensors (chapter 17): softmax, log_softmax, cross_entropy, mse_loss, linear.

Reached as mlfp.nn.functional.<name> (import mlfp.nn.functional as F), as in
PyTorch; the layers in mlfp.nn.layers and mlfp.nn.losses are built on them.
"""
import numpy as np

from mlfp.nn import ops
from mlfp.nn.tensor import Tensor, apply_op

__all__ = []        # the names stay under mlfp.nn.functional


def _tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def softmax(x, axis=-1):
    """exp(x) / sum(exp(x)) along axis, computed with the max shifted out."""
    return apply_op(ops.softmax, _tensor(x), axis=axis)


def log_softmax(x, axis=-1):
    """x - logsumexp(x) along axis, without forming the probabilities."""
    return apply_op(ops.log_softmax, _tensor(x), axis=axis)


def cross_entropy(logits, targets):
    """Mean of -log softmax(logits)[i, targets[i]]; logits (n, K), integer targets (n,)."""
    logits = _tensor(logits)
    targets = np.asarray(targets)
    if logits.ndim != 2:
        raise ValueError(f"cross_entropy: logits must be 2-D (n, K), got shape {logits.shape}")
    if targets.shape != (logits.shape[0],) or not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"cross_entropy: targets must be {logits.shape[0]} integer class labels, "
                         f"got shape {targets.shape} and dtype {targets.dtype}")
    if targets.size and (targets.min() < 0 or targets.max() >= logits.shape[1]):
        raise ValueError(f"cross_entropy: targets must lie in 0..{logits.shape[1] - 1}, "
                         f"got values from {targets.min()} to {targets.max()}")
    log_p = log_softmax(logits, axis=1)
    return -log_p[np.arange(len(targets)), targets].mean()


def mse_loss(prediction, target):
    """Mean of (prediction - target)^2 over all entries; the shapes must match."""
    prediction, target = _tensor(prediction), _tensor(target)
    if prediction.shape != target.shape:
        raise ValueError(f"mse_loss: prediction has shape {prediction.shape} but target has shape "
                         f"{target.shape}")
    diff = prediction - target
    return (diff * diff).mean()


# chapters/03-neural/17-multilayer-perceptrons.pmd:304
def _affine(x, weight, *bias):
    """Primitive: x @ weight.T (+ bias) over the last axis of x, with its VJPs."""
    if weight.ndim != 2 or x.ndim == 0 or x.shape[-1] != weight.shape[1]:
        raise ValueError(f"linear: input of shape {x.shape} does not match a weight of shape "
                         f"{weight.shape} (need input.shape[-1] == weight.shape[1])")
    x2 = x.reshape(-1, x.shape[-1])                    # every leading axis becomes a row
    out = x2 @ weight.T
    if bias:
        out += bias[0]

    def rows(g):
        return g.reshape(-1, g.shape[-1])

    vjps = (lambda g: (rows(g) @ weight).reshape(x.shape),
            lambda g: rows(g).T @ x2)
    if bias:
        vjps += (lambda g: rows(g).sum(axis=0),)
    return out.reshape(x.shape[:-1] + (weight.shape[0],)), vjps


def linear(x, weight, bias=None):
    """x @ weight.T + bias, one node in the graph (torch.nn.functional.linear)."""
    args = (_tensor(x), weight) + (() if bias is None else (bias,))
    return apply_op(_affine, *args)


# chapters/03-neural/17-multilayer-perceptrons.pmd:337
def __getattr__(name):
    """F.scaled_dot_product_attention is defined in mlfp.nn.attention (chapter 20)."""
    import importlib.util

    if name == "scaled_dot_product_attention" and importlib.util.find_spec("mlfp.nn.attention"):
        from mlfp.nn.attention import scaled_dot_product_attention
        return scaled_dot_product_attention
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
