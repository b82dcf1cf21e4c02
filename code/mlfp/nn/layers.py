# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/17-multilayer-perceptrons.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/17-multilayer-perceptrons.pmd:552
"""Layers: Linear, activations, Dropout, BatchNorm1d, LayerNorm, Embedding."""
import math
import numbers

import numpy as np

from mlfp._validation import check_random_state, check_scalar
from mlfp.nn import functional as F
from mlfp.nn import init
from mlfp.nn.module import Module
from mlfp.nn.tensor import Tensor


def _as_tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


class Linear(Module):
    """y = x W^T + b with W of shape (out_features, in_features), initialised as in PyTorch."""

    def __init__(self, in_features, out_features, bias=True, random_state=None):
        check_scalar(in_features, "in_features", numbers.Integral, low=1)
        check_scalar(out_features, "out_features", numbers.Integral, low=1)
        rng = check_random_state(random_state)
        self.in_features, self.out_features = in_features, out_features
        self.weight = Tensor(np.empty((out_features, in_features)), requires_grad=True)
        init.kaiming_uniform(self.weight, a=math.sqrt(5), random_state=rng)   # U(+-1/sqrt(fan_in))
        bound = 1.0 / math.sqrt(in_features)
        self.bias = Tensor(rng.uniform(-bound, bound, out_features), requires_grad=True) if bias else None

    def forward(self, x):
        return F.linear(x, self.weight, self.bias)

    def __repr__(self):
        return f"Linear({self.in_features}, {self.out_features}, bias={self.bias is not None})"


class ReLU(Module):
    def forward(self, x):
        return _as_tensor(x).relu()


class Tanh(Module):
    def forward(self, x):
        return _as_tensor(x).tanh()


class Sigmoid(Module):
    def forward(self, x):
        return _as_tensor(x).sigmoid()


# chapters/03-neural/17-multilayer-perceptrons.pmd:610
class Dropout(Module):
    """Inverted dropout: zero each entry with probability p in training, scale the rest by 1/(1-p)."""

    def __init__(self, p=0.5, random_state=None):
        check_scalar(p, "p", numbers.Real, low=0.0, high=1.0)
        self.p, self.rng = float(p), check_random_state(random_state)

    def forward(self, x):
        x = _as_tensor(x)
        if not self.training or self.p == 0.0:
            return x
        if self.p == 1.0:
            return x * 0.0
        keep = self.rng.random(x.shape) >= self.p
        return x * (keep / (1.0 - self.p)).astype(x.dtype)

    def __repr__(self):
        return f"Dropout(p={self.p})"


# chapters/03-neural/17-multilayer-perceptrons.pmd:638
class BatchNorm1d(Module):
    """Normalise each channel over the batch (train) or with running statistics (eval)."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        check_scalar(num_features, "num_features", numbers.Integral, low=1)
        check_scalar(eps, "eps", numbers.Real, low=0.0)
        check_scalar(momentum, "momentum", numbers.Real, low=0.0, high=1.0)
        self.num_features, self.eps, self.momentum = num_features, float(eps), float(momentum)
        self.weight = Tensor(np.ones(num_features), requires_grad=True)
        self.bias = Tensor(np.zeros(num_features), requires_grad=True)
        self.running_mean, self.running_var = np.zeros(num_features), np.ones(num_features)
        self.num_batches_tracked = 0

    def forward(self, x):
        x = _as_tensor(x)
        if x.ndim not in (2, 3) or x.shape[1] != self.num_features:
            raise ValueError(f"BatchNorm1d({self.num_features}): expected input (N, {self.num_features}) "
                             f"or (N, {self.num_features}, L), got shape {x.shape}")
        axes = (0,) if x.ndim == 2 else (0, 2)
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1)          # broadcast per channel
        if self.training:
            count = x.size // self.num_features
            if count < 2:
                raise ValueError(f"BatchNorm1d: expected more than 1 value per channel when training, "
                                 f"got input of shape {x.shape}")
            mean = x.mean(axis=axes, keepdims=True)
            centred = x - mean
            var = (centred * centred).mean(axis=axes, keepdims=True)
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean.data.reshape(-1)
            self.running_var = (1 - m) * self.running_var + m * var.data.reshape(-1) * count / (count - 1)
            self.num_batches_tracked += 1
            x_hat = centred * (var + self.eps) ** -0.5
        else:
            x_hat = (x - self.running_mean.reshape(shape)) / np.sqrt(self.running_var.reshape(shape) + self.eps)
        return x_hat * self.weight.reshape(shape) + self.bias.reshape(shape)

    def __repr__(self):
        return f"BatchNorm1d({self.num_features}, eps={self.eps}, momentum={self.momentum})"


# chapters/03-neural/17-multilayer-perceptrons.pmd:684
class LayerNorm(Module):
    """Normalise over the last len(normalized_shape) axes (biased variance), then scale and shift."""

    def __init__(self, normalized_shape, eps=1e-5):
        shape = (normalized_shape,) if isinstance(normalized_shape, numbers.Integral) else tuple(normalized_shape)
        if not shape or any(not isinstance(s, numbers.Integral) or s < 1 for s in shape):
            raise ValueError(f"normalized_shape must be a positive int or tuple of them, got {normalized_shape!r}")
        check_scalar(eps, "eps", numbers.Real, low=0.0)
        self.normalized_shape, self.eps = tuple(int(s) for s in shape), float(eps)
        self.weight = Tensor(np.ones(self.normalized_shape), requires_grad=True)
        self.bias = Tensor(np.zeros(self.normalized_shape), requires_grad=True)

    def forward(self, x):
        x = _as_tensor(x)
        k = len(self.normalized_shape)
        if x.shape[x.ndim - k:] != self.normalized_shape:
            raise ValueError(f"LayerNorm{self.normalized_shape}: the last {k} axes of the input must have "
                             f"shape {self.normalized_shape}, got input of shape {x.shape}")
        axes = tuple(range(x.ndim - k, x.ndim))
        mean = x.mean(axis=axes, keepdims=True)
        centred = x - mean
        var = (centred * centred).mean(axis=axes, keepdims=True)
        return centred * (var + self.eps) ** -0.5 * self.weight + self.bias

    def __repr__(self):
        return f"LayerNorm({self.normalized_shape}, eps={self.eps})"


# chapters/03-neural/17-multilayer-perceptrons.pmd:718
class Embedding(Module):
    """A (num_embeddings, embedding_dim) table; forward(indices) returns table[indices]."""

    def __init__(self, num_embeddings, embedding_dim, random_state=None):
        check_scalar(num_embeddings, "num_embeddings", numbers.Integral, low=1)
        check_scalar(embedding_dim, "embedding_dim", numbers.Integral, low=1)
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        rng = check_random_state(random_state)
        self.weight = Tensor(rng.standard_normal((num_embeddings, embedding_dim)), requires_grad=True)

    def forward(self, indices):
        idx = np.asarray(indices.data if isinstance(indices, Tensor) else indices)
        if not np.issubdtype(idx.dtype, np.integer):
            if idx.size and not np.all(np.equal(np.mod(idx, 1), 0)):
                raise ValueError(f"Embedding: indices must be integers, got dtype {idx.dtype}")
            idx = idx.astype(np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= self.num_embeddings):
            raise ValueError(f"Embedding: indices must lie in 0..{self.num_embeddings - 1}, "
                             f"got values from {idx.min()} to {idx.max()}")
        return self.weight[idx]

    def __repr__(self):
        return f"Embedding({self.num_embeddings}, {self.embedding_dim})"
