# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/18-convolutional-networks.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/18-convolutional-networks.pmd:190
"""Convolution and pooling (chapter 18): im2col, col2im, conv2d, max_pool2d, avg_pool2d
and the modules Conv2d, MaxPool2d, AvgPool2d, Flatten. Images are NCHW arrays."""
import math
import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from mlfp._validation import check_random_state, check_scalar
from mlfp.nn import init
from mlfp.nn.module import Module
from mlfp.nn.tensor import Tensor, apply_op

__all__ = ["conv_output_size", "im2col", "col2im", "conv2d", "max_pool2d", "avg_pool2d",
           "Conv2d", "MaxPool2d", "AvgPool2d", "Flatten"]


def _pair(value, name, low):
    """An int or a pair of ints, each >= low, as a tuple (vertical, horizontal)."""
    pair = (value, value) if isinstance(value, numbers.Integral) else value
    try:
        a, b = pair
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}") from None
    for v in (a, b):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < low:
            raise ValueError(f"{name} must be an int >= {low} or a pair of them, "
                             f"got {value!r}")
    return int(a), int(b)


def conv_output_size(size, kernel, stride=1, padding=0):
    """floor((size + 2 padding - kernel) / stride) + 1: how many positions a window takes."""
    return (size + 2 * padding - kernel) // stride + 1


# chapters/03-neural/18-convolutional-networks.pmd:237
def _windows(x, kernel_size, stride, padding, name):
    """The padded x (N, C, H, W) as windows (N, C, H', W', kh, kw): a strided view, no copy."""
    if x.ndim != 4:
        raise ValueError(f"{name}: input must be 4-D (N, C, H, W), got shape {x.shape}")
    (kh, kw), (sh, sw), (ph, pw) = kernel_size, stride, padding
    if kh > x.shape[2] + 2 * ph or kw > x.shape[3] + 2 * pw:
        hp, wp = x.shape[2] + 2 * ph, x.shape[3] + 2 * pw
        raise ValueError(f"{name}: kernel {kh}x{kw} is larger than the padded input {hp}x{wp} "
                         f"(input shape {x.shape}, padding {padding})")
    if ph or pw:
        x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    return sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]


def im2col(x, kernel_size, stride=1, padding=0):
    """Unfold x (N, C, H, W) into U of shape (N H' W', C kh kw): one row per window."""
    k = _pair(kernel_size, "kernel_size", 1)
    win = _windows(np.asarray(x), k, _pair(stride, "stride", 1), _pair(padding, "padding", 0),
                   "im2col")
    n, c, ho, wo = win.shape[:4]
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, c * k[0] * k[1])


# chapters/03-neural/18-convolutional-networks.pmd:280
def _fold(win, shape, stride, padding):
    """Adjoint of _windows: add windows (N, C, H', W', kh, kw) back into an array of shape."""
    n, c, ho, wo, kh, kw = win.shape
    (sh, sw), (ph, pw) = stride, padding
    out = np.zeros((n, c, shape[2] + 2 * ph, shape[3] + 2 * pw), dtype=win.dtype)
    for a in range(kh):              # one vectorised addition per kernel offset
        for b in range(kw):
            out[:, :, a:a + sh * (ho - 1) + 1:sh, b:b + sw * (wo - 1) + 1:sw] += win[..., a, b]
    return out[:, :, ph:ph + shape[2], pw:pw + shape[3]]


def col2im(cols, x_shape, kernel_size, stride=1, padding=0):
    """The adjoint of im2col: sum every row of cols back onto the pixels of its window."""
    (kh, kw), s, p = (_pair(kernel_size, "kernel_size", 1), _pair(stride, "stride", 1),
                      _pair(padding, "padding", 0))
    n, c, h, w = x_shape
    ho, wo = conv_output_size(h, kh, s[0], p[0]), conv_output_size(w, kw, s[1], p[1])
    if cols.shape != (n * ho * wo, c * kh * kw):
        raise ValueError(f"col2im: cols of shape {cols.shape} do not fit an input of shape "
                         f"{x_shape} with kernel {kh}x{kw} (need {(n * ho * wo, c * kh * kw)})")
    win = cols.reshape(n, ho, wo, c, kh, kw).transpose(0, 3, 1, 2, 4, 5)
    return _fold(win, x_shape, s, p)


# chapters/03-neural/18-convolutional-networks.pmd:313
def _conv2d(x, weight, *bias, stride, padding):
    """Primitive: correlation of x (N, C, H, W) with weight (O, C, kh, kw), + bias (O,)."""
    if x.ndim != 4 or weight.ndim != 4:
        raise ValueError(f"conv2d: input must be 4-D (N, C, H, W) and weight 4-D "
                         f"(O, C, kh, kw), got shapes {x.shape} and {weight.shape}")
    if x.shape[1] != weight.shape[1]:
        raise ValueError(f"conv2d: input of shape {x.shape} does not match a weight of shape "
                         f"{weight.shape} (the input has {x.shape[1]} channels, the weight "
                         f"expects {weight.shape[1]})")
    o, c, kh, kw = weight.shape
    if bias and bias[0].shape != (o,):
        raise ValueError(f"conv2d: bias of shape {bias[0].shape} does not match a weight of "
                         f"shape {weight.shape} (need ({o},))")
    win = _windows(x, (kh, kw), stride, padding, "conv2d")
    n, _, ho, wo = win.shape[:4]
    U = win.transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, c * kh * kw)    # im2col
    K = weight.reshape(o, c * kh * kw)
    out = U @ K.T                                                            # (N H' W', O)
    if bias:
        out += bias[0]

    def rows(g):                                   # (N, O, H', W') -> one row per position
        return g.transpose(0, 2, 3, 1).reshape(-1, o)

    vjps = (lambda g: col2im(rows(g) @ K, x.shape, (kh, kw), stride, padding),
            lambda g: (rows(g).T @ U).reshape(weight.shape))
    if bias:
        vjps += (lambda g: g.sum(axis=(0, 2, 3)),)
    return out.reshape(n, ho, wo, o).transpose(0, 3, 1, 2), vjps


def _tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def conv2d(x, weight, bias=None, stride=1, padding=0):
    """2-D cross-correlation of NCHW images, as torch.nn.functional.conv2d; one graph node."""
    args = (_tensor(x), _tensor(weight)) + (() if bias is None else (_tensor(bias),))
    return apply_op(_conv2d, *args, stride=_pair(stride, "stride", 1),
                    padding=_pair(padding, "padding", 0))


# chapters/03-neural/18-convolutional-networks.pmd:365
def _max_pool2d(x, kernel_size, stride):
    """Primitive: the maximum of every window; the VJP routes each gradient to the argmax."""
    win = _windows(x, kernel_size, stride, (0, 0), "max_pool2d")
    flat = win.reshape(win.shape[:4] + (-1,))             # a copy: (N, C, H', W', kh kw)
    idx = flat.argmax(axis=-1)[..., None]                   # the first maximum on ties
    out = np.take_along_axis(flat, idx, axis=-1)[..., 0]

    def vjp(g):
        routed = np.zeros(flat.shape, dtype=g.dtype)
        np.put_along_axis(routed, idx, g[..., None], axis=-1)
        return _fold(routed.reshape(win.shape), x.shape, stride, (0, 0))

    return out, (vjp,)


def _avg_pool2d(x, kernel_size, stride):
    """Primitive: the mean of every window; the VJP spreads each gradient evenly over it."""
    win = _windows(x, kernel_size, stride, (0, 0), "avg_pool2d")
    area = kernel_size[0] * kernel_size[1]

    def vjp(g):
        spread = np.broadcast_to((g / area)[..., None, None], win.shape)
        return _fold(spread, x.shape, stride, (0, 0))

    return win.mean(axis=(-2, -1)), (vjp,)


def _pool(op, x, kernel_size, stride):
    k = _pair(kernel_size, "kernel_size", 1)
    s = k if stride is None else _pair(stride, "stride", 1)
    return apply_op(op, _tensor(x), kernel_size=k, stride=s)


def max_pool2d(x, kernel_size, stride=None):
    """Max pooling of NCHW images (stride defaults to kernel_size), as torch's max_pool2d."""
    return _pool(_max_pool2d, x, kernel_size, stride)


def avg_pool2d(x, kernel_size, stride=None):
    """Average pooling of NCHW images (stride defaults to kernel_size), no padding."""
    return _pool(_avg_pool2d, x, kernel_size, stride)


# chapters/03-neural/18-convolutional-networks.pmd:416
class Conv2d(Module):
    """Convolution layer: weight (out, in, kh, kw), bias (out,), initialised as in PyTorch."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True,
                 random_state=None):
        check_scalar(in_channels, "in_channels", numbers.Integral, low=1)
        check_scalar(out_channels, "out_channels", numbers.Integral, low=1)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _pair(kernel_size, "kernel_size", 1)
        self.stride, self.padding = _pair(stride, "stride", 1), _pair(padding, "padding", 0)
        rng = check_random_state(random_state)
        shape = (out_channels, in_channels) + self.kernel_size
        self.weight = Tensor(np.empty(shape), requires_grad=True)
        init.kaiming_uniform(self.weight, a=math.sqrt(5), random_state=rng)  # U(+-1/sqrt(fan_in))
        bound = 1.0 / math.sqrt(in_channels * self.kernel_size[0] * self.kernel_size[1])
        self.bias = (Tensor(rng.uniform(-bound, bound, out_channels), requires_grad=True)
                     if bias else None)

    def forward(self, x):
        return conv2d(x, self.weight, self.bias, self.stride, self.padding)

    def __repr__(self):
        return (f"Conv2d({self.in_channels}, {self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, bias={self.bias is not None})")


class MaxPool2d(Module):
    def __init__(self, kernel_size, stride=None):
        self.kernel_size = _pair(kernel_size, "kernel_size", 1)
        self.stride = self.kernel_size if stride is None else _pair(stride, "stride", 1)

    def forward(self, x):
        return max_pool2d(x, self.kernel_size, self.stride)

    def __repr__(self):
        return f"MaxPool2d(kernel_size={self.kernel_size}, stride={self.stride})"


class AvgPool2d(MaxPool2d):
    def forward(self, x):
        return avg_pool2d(x, self.kernel_size, self.stride)

    def __repr__(self):
        return f"AvgPool2d(kernel_size={self.kernel_size}, stride={self.stride})"


class Flatten(Module):
    """(N, C, H, W) -> (N, C H W), the rows a Linear layer takes."""

    def forward(self, x):
        x = _tensor(x)
        return x.reshape(x.shape[0], -1)
