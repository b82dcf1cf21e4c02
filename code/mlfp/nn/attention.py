# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/20-mini-transformer.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/20-mini-transformer.pmd:226
"""Attention (chapter 20): scaled dot-product attention, masks, positional
encodings, multi-head attention."""

import math
import numbers

import numpy as np

from mlfp._validation import check_random_state, check_scalar
from mlfp.nn import functional as F
from mlfp.nn import init
from mlfp.nn.layers import Linear
from mlfp.nn.module import Module
from mlfp.nn.ops import unbroadcast
from mlfp.nn.tensor import Tensor, apply_op


def _attention_forward(q, k, v, mask, scale):
    """softmax(scale q k^T, masked) v, and the weights P; arrays (..., L, d)."""
    scores = (q @ np.swapaxes(k, -1, -2)) * scale
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    return p @ v, p


def _attention_backward(g, q, k, v, p, scale):
    """(dQ, dK, dV) from the upstream gradient g of the output."""
    d_p = g @ np.swapaxes(v, -1, -2)
    d_s = p * (d_p - (d_p * p).sum(axis=-1, keepdims=True)) * scale
    return d_s @ k, np.swapaxes(d_s, -1, -2) @ q, np.swapaxes(p, -1, -2) @ g


# chapters/03-neural/20-mini-transformer.pmd:268
def _attention(q, k, v, mask=None, scale=1.0, cache=None):
    """Primitive: scaled dot-product attention; one graph node, hand-derived VJPs."""
    out, p = _attention_forward(q, k, v, mask, scale)
    if cache is not None:
        cache["weights"] = p
    memo = {}

    def vjp(i, shape):  # the engine asks once per input; the backward runs once
        def grad(g):
            if memo.get("g") is not g:
                memo["g"], memo["grads"] = g, _attention_backward(g, q, k, v, p, scale)
            return unbroadcast(memo["grads"][i], shape)

        return grad

    return out, (vjp(0, q.shape), vjp(1, k.shape), vjp(2, v.shape))


def _weights_op(q, k, p=None, scale=1.0):
    """The attention weights as a node of their own, so that a loss may use them."""

    def d_scores(g):
        return p * (g - (g * p).sum(axis=-1, keepdims=True)) * scale

    return p, (
        lambda g: unbroadcast(d_scores(g) @ k, q.shape),
        lambda g: unbroadcast(np.swapaxes(d_scores(g), -1, -2) @ q, k.shape),
    )


# chapters/03-neural/20-mini-transformer.pmd:304
def _as_tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def _check_qkv(q, k, v):
    if q.ndim < 2 or k.ndim < 2 or v.ndim < 2:
        raise ValueError(
            f"attention: q, k and v need shape (..., L, d); "
            f"got {q.shape}, {k.shape}, {v.shape}"
        )
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"attention: q {q.shape} and k {k.shape} must have the same last axis (d)"
        )
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(
            f"attention: k {k.shape} and v {v.shape} must have the same number of keys"
        )
    try:
        return np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except ValueError:
        raise ValueError(
            f"attention: leading axes of q {q.shape}, k {k.shape} and v {v.shape} "
            "do not broadcast"
        ) from None


def _check_mask(mask, shape):
    """mask as a boolean array broadcastable to (..., Lq, Lk), no empty row."""
    if mask is None:
        return None
    mask = np.asarray(mask.data if isinstance(mask, Tensor) else mask)
    if mask.dtype != bool:
        raise ValueError(
            f"attention: mask must be boolean (True = may attend), "
            f"got dtype {mask.dtype}"
        )
    try:
        full = np.broadcast_to(mask, np.broadcast_shapes(mask.shape, shape))
    except ValueError:
        raise ValueError(
            f"attention: mask of shape {mask.shape} does not broadcast to the "
            f"scores' shape {shape}"
        ) from None
    if not full.any(axis=-1).all():
        raise ValueError(
            "attention: the mask allows no key for some query (a row of the mask is "
            "all False); its softmax would be 0/0"
        )
    return mask


def scaled_dot_product_attention(q, k, v, mask=None, scale=None):
    """softmax(q k^T * scale + mask) v over the last two axes; returns (out, weights).

    q (..., Lq, d), k (..., Lk, d), v (..., Lk, dv); mask boolean, broadcastable
    to (..., Lq, Lk), True where a query may attend to a key; scale 1/sqrt(d) by
    default.
    """
    q, k, v = _as_tensor(q), _as_tensor(k), _as_tensor(v)
    lead = _check_qkv(q, k, v)
    mask = _check_mask(mask, lead + (q.shape[-2], k.shape[-2]))
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else float(scale)
    cache = {}
    out = apply_op(_attention, q, k, v, mask=mask, scale=scale, cache=cache)
    weights = apply_op(_weights_op, q, k, p=cache["weights"], scale=scale)
    return out, weights


def causal_mask(length):
    """Boolean (length, length): True on and below the diagonal (i sees j <= i)."""
    check_scalar(length, "length", numbers.Integral, low=1)
    return np.tril(np.ones((length, length), dtype=bool))


# chapters/03-neural/20-mini-transformer.pmd:392
def sinusoidal_positional_encoding(n_positions, d_model):
    """(n_positions, d_model): PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos."""
    check_scalar(n_positions, "n_positions", numbers.Integral, low=1)
    check_scalar(d_model, "d_model", numbers.Integral, low=1)
    pair = np.arange(d_model) // 2
    angle = np.arange(n_positions)[:, None] / 10000.0 ** (2 * pair / d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angle), np.cos(angle))


# chapters/03-neural/20-mini-transformer.pmd:414
def _packed_attention(qkv, mask=None, scale=1.0, cache=None):
    """Primitive: attention on q, k, v stacked on axis 0, (3, ..., L, d); one VJP."""
    out, p = _attention_forward(qkv[0], qkv[1], qkv[2], mask, scale)
    cache["weights"] = p
    return out, (
        lambda g: np.stack(_attention_backward(g, qkv[0], qkv[1], qkv[2], p, scale)),
    )


class MultiHeadAttention(Module):
    """Multi-head attention, torch.nn.MultiheadAttention's parameters, batch first."""

    def __init__(self, d_model, n_heads, bias=True, scale=None, random_state=None):
        check_scalar(d_model, "d_model", numbers.Integral, low=1)
        check_scalar(n_heads, "n_heads", numbers.Integral, low=1)
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        rng = check_random_state(random_state)
        self.d_model, self.n_heads, self.head_dim = d_model, n_heads, d_model // n_heads
        self.scale = 1.0 / math.sqrt(self.head_dim) if scale is None else float(scale)
        self.in_proj_weight = Tensor(
            np.empty((3 * d_model, d_model)), requires_grad=True
        )
        init.xavier_uniform(self.in_proj_weight, random_state=rng)
        self.in_proj_bias = (
            Tensor(np.zeros(3 * d_model), requires_grad=True) if bias else None
        )
        self.out_proj = Linear(d_model, d_model, bias=bias, random_state=rng)
        if bias:
            self.out_proj.bias.data = np.zeros(d_model)
        self.attn_weights_ = None

    def _heads(self, x):  # (N, L, d_model) -> (N, h, L, d_h)
        n, length, _ = x.shape
        return x.reshape(n, length, self.n_heads, self.head_dim).transpose(0, 2, 1, 3)

    def _project(self, x, i):  # the i-th of the three input projections
        rows = slice(i * self.d_model, (i + 1) * self.d_model)
        bias = None if self.in_proj_bias is None else self.in_proj_bias[rows]
        return F.linear(x, self.in_proj_weight[rows], bias)

    def forward(self, query, key=None, value=None, mask=None):
        query = _as_tensor(query)
        key = query if key is None else _as_tensor(key)
        value = key if value is None else _as_tensor(value)
        for name, t in (("query", query), ("key", key), ("value", value)):
            if t.ndim != 3 or t.shape[-1] != self.d_model:
                raise ValueError(
                    f"MultiHeadAttention: {name} must have shape "
                    f"(N, L, {self.d_model}), "
                    f"got {t.shape}"
                )
        if key.shape[:2] != value.shape[:2] or query.shape[0] != key.shape[0]:
            raise ValueError(
                f"MultiHeadAttention: query {query.shape}, key {key.shape} and value "
                f"{value.shape} must share N, and key and value L"
            )
        n, lq, lk = query.shape[0], query.shape[1], key.shape[1]
        mask = _check_mask(mask, (n, self.n_heads, lq, lk))
        cache = {}
        if key is query and value is query:  # self-attention: one projection, one node
            qkv = F.linear(query, self.in_proj_weight, self.in_proj_bias)
            qkv = qkv.reshape(n, lq, 3, self.n_heads, self.head_dim).transpose(
                2, 0, 3, 1, 4
            )
            out = apply_op(
                _packed_attention, qkv, mask=mask, scale=self.scale, cache=cache
            )
        else:
            q, k, v = (
                self._heads(self._project(t, i))
                for i, t in enumerate((query, key, value))
            )
            out = apply_op(
                _attention, q, k, v, mask=mask, scale=self.scale, cache=cache
            )
        self.attn_weights_ = cache["weights"]
        out = out.transpose(0, 2, 1, 3).reshape(n, lq, self.d_model)
        return self.out_proj(out)

    def __repr__(self):
        return f"MultiHeadAttention({self.d_model}, n_heads={self.n_heads})"
