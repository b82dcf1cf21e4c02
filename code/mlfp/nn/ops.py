# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/16-automatic-differentiation.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/16-automatic-differentiation.pmd:274
"""Primitive operations of the autodiff engine, on NumPy arrays.

Each returns (value, vjps): the output array and one vector-Jacobian product
per input, a function from the gradient of the output to the gradient of that
input. mlfp.nn.Tensor wires them into a graph; nothing here knows about it.
"""
import math

import numpy as np

__all__ = []    # used through Tensor; reach them as mlfp.nn.ops.<name>


def unbroadcast(grad, shape):
    """Sum grad over the axes that broadcasting added or stretched, back to `shape`."""
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))         # axes added in front
    stretched = tuple(i for i, s in enumerate(shape) if s == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)    # axes of length 1 that were copied
    return grad


# chapters/03-neural/16-automatic-differentiation.pmd:306
def _broadcasting(name, fn, a, b):
    """fn(a, b), or a ValueError naming both shapes when they do not broadcast."""
    try:
        return fn(a, b)
    except ValueError:
        raise ValueError(f"{name}: shapes {a.shape} and {b.shape} cannot be broadcast together") from None


def add(a, b):
    out = _broadcasting("add", np.add, a, b)
    return out, (lambda g: unbroadcast(g, a.shape), lambda g: unbroadcast(g, b.shape))


def sub(a, b):
    out = _broadcasting("sub", np.subtract, a, b)
    return out, (lambda g: unbroadcast(g, a.shape), lambda g: unbroadcast(-g, b.shape))


def mul(a, b):
    out = _broadcasting("mul", np.multiply, a, b)
    return out, (lambda g: unbroadcast(g * b, a.shape), lambda g: unbroadcast(g * a, b.shape))


def div(a, b):
    out = _broadcasting("div", np.divide, a, b)
    return out, (lambda g: unbroadcast(g / b, a.shape), lambda g: unbroadcast(-g * out / b, b.shape))


# chapters/03-neural/16-automatic-differentiation.pmd:341
def power(a, b):
    out = _broadcasting("pow", np.power, a, b)

    def vjp_base(g):
        with np.errstate(divide="ignore", invalid="ignore"):
            local = np.where(b == 0, 0.0, b * a ** (b - 1))
        return unbroadcast(g * local, a.shape)

    def vjp_exponent(g):
        with np.errstate(divide="ignore", invalid="ignore"):
            log_a = np.where((a == 0) & (b >= 0), 0.0, np.log(a))
        return unbroadcast(g * out * log_a, b.shape)

    return out, (vjp_base, vjp_exponent)


# chapters/03-neural/16-automatic-differentiation.pmd:365
def neg(a):
    return -a, (lambda g: -g,)


def exp(a):
    out = np.exp(a)
    return out, (lambda g: g * out,)


def log(a):
    return np.log(a), (lambda g: g / a,)


def tanh(a):
    out = np.tanh(a)
    return out, (lambda g: g * (1 - out * out),)


def sigmoid(a):
    e = np.exp(-np.abs(a))                                 # in (0, 1]: no overflow
    out = np.where(a >= 0, 1 / (1 + e), e / (1 + e))
    return out, (lambda g: g * out * (1 - out),)


def relu(a):
    return np.maximum(a, 0), (lambda g: g * (a > 0),)


# chapters/03-neural/16-automatic-differentiation.pmd:402
def matmul(a, b):
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape}: both operands need at least one axis")
    inner_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
    if a.shape[-1] != inner_b:
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape} are not aligned "
                         f"({a.shape[-1]} columns on the left, {inner_b} rows on the right)")
    out = _broadcasting("matmul", np.matmul, a, b)
    a2 = a[None, :] if a.ndim == 1 else a               # a row vector
    b2 = b[:, None] if b.ndim == 1 else b               # a column vector
    shape2 = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]) + (a2.shape[-2], b2.shape[-1])

    def as_2d(g):                                       # g with the removed axes put back
        return g if g.shape == shape2 else g.reshape(shape2)

    return out, (lambda g: unbroadcast(as_2d(g) @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape),
                 lambda g: unbroadcast(np.swapaxes(a2, -1, -2) @ as_2d(g), b2.shape).reshape(b.shape))


# chapters/03-neural/16-automatic-differentiation.pmd:431
def _axes(axis, ndim):
    """axis (None, an int or a tuple) as a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    for ax in axes:
        if not -ndim <= ax < max(ndim, 1):
            raise ValueError(f"axis {ax} is out of range for an array with {ndim} axes")
    return tuple(sorted({ax % max(ndim, 1) for ax in axes}))


def _unreduce(g, shape, axes, keepdims):
    """Broadcast the gradient of a reduction over `axes` back to the input's shape."""
    if not keepdims:
        g = np.expand_dims(g, axes)
    return np.broadcast_to(g, shape)


def reduce_sum(a, axis=None, keepdims=False):
    axes = _axes(axis, a.ndim)
    return np.sum(a, axis=axes, keepdims=keepdims), (lambda g: _unreduce(g, a.shape, axes, keepdims),)


def reduce_mean(a, axis=None, keepdims=False):
    axes = _axes(axis, a.ndim)
    count = math.prod(a.shape[i] for i in axes)
    return (np.mean(a, axis=axes, keepdims=keepdims),
            (lambda g: _unreduce(g / count, a.shape, axes, keepdims),))


def reduce_max(a, axis=None, keepdims=False):
    axes = _axes(axis, a.ndim)
    top = np.max(a, axis=axes, keepdims=True)

    def vjp(g):
        winners = a == top
        return _unreduce(g, a.shape, axes, keepdims) * (winners / winners.sum(axis=axes, keepdims=True))

    return (top if keepdims else np.squeeze(top, axis=axes)), (vjp,)


# chapters/03-neural/16-automatic-differentiation.pmd:481
def reshape(a, shape):
    try:
        out = a.reshape(shape)
    except ValueError:
        raise ValueError(f"reshape: cannot reshape shape {a.shape} ({a.size} entries) into {shape}") from None
    return out, (lambda g: g.reshape(a.shape),)


def transpose(a, axes=None):
    axes = tuple(reversed(range(a.ndim))) if axes is None else tuple(int(ax) for ax in axes)
    if sorted(ax % max(a.ndim, 1) for ax in axes) != list(range(a.ndim)):
        raise ValueError(f"transpose: axes {axes} are not a permutation of the axes of shape {a.shape}")
    inverse = tuple(np.argsort([ax % a.ndim for ax in axes]))
    return a.transpose(axes), (lambda g: g.transpose(inverse),)


def _is_basic(index):
    """True for indices made of ints, slices, None and Ellipsis (no entry can repeat)."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (int, np.integer, slice)) for i in items)


def getitem(a, index):
    out = a[index]

    def vjp(g):
        grad = np.zeros_like(a)
        if _is_basic(index):
            grad[index] = g
        else:
            np.add.at(grad, index, g)                    # repeated indices accumulate
        return grad

    return out, (vjp,)


def concatenate(*arrays, axis=0):
    try:
        out = np.concatenate(arrays, axis=axis)
    except ValueError as exc:
        raise ValueError(f"concatenate: shapes {[a.shape for a in arrays]} along axis {axis}: {exc}") from None
    ax = axis % out.ndim
    bounds = np.cumsum([0] + [a.shape[ax] for a in arrays])

    def piece(lo, hi):                                   # the VJP of input i is its slice of g
        index = (slice(None),) * ax + (slice(lo, hi),)
        return lambda g: g[index]

    return out, tuple(piece(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:]))


# chapters/03-neural/16-automatic-differentiation.pmd:538
def softmax(a, axis=-1):
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    out = e / e.sum(axis=axis, keepdims=True)
    return out, (lambda g: out * (g - (g * out).sum(axis=axis, keepdims=True)),)


def log_softmax(a, axis=-1):
    shifted = a - a.max(axis=axis, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return out, (lambda g: g - np.exp(out) * g.sum(axis=axis, keepdims=True),)
