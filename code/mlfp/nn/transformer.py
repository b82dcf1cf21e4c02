# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/20-mini-transformer.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/20-mini-transformer.pmd:506
"""The transformer (chapter 20): fused layer norm and GELU, TransformerBlock,
MiniTransformer."""

import math
import numbers

import numpy as np
from scipy.special import erf

from mlfp._validation import check_random_state, check_scalar
from mlfp.nn import functional as F
from mlfp.nn.attention import (
    MultiHeadAttention,
    causal_mask,
    sinusoidal_positional_encoding,
)
from mlfp.nn.layers import Dropout, Embedding, LayerNorm, Linear
from mlfp.nn.module import Module
from mlfp.nn.tensor import Tensor, apply_op


def _layer_norm(x, weight, bias, eps=1e-5):
    """Primitive: (x - mean) / sqrt(var + eps) * weight + bias over the last axis."""
    mu = x.mean(axis=-1, keepdims=True)
    xc = x - mu
    rstd = 1.0 / np.sqrt((xc * xc).mean(axis=-1, keepdims=True) + eps)
    x_hat = xc * rstd
    lead = tuple(range(x.ndim - 1))

    def vjp_x(g):
        gw = g * weight
        return rstd * (
            gw
            - gw.mean(axis=-1, keepdims=True)
            - x_hat * (gw * x_hat).mean(axis=-1, keepdims=True)
        )

    return x_hat * weight + bias, (
        vjp_x,
        lambda g: (g * x_hat).sum(axis=lead),
        lambda g: g.sum(axis=lead),
    )


class _FusedLayerNorm(LayerNorm):
    """Chapter 17's LayerNorm over the last axis, computed by one primitive."""

    def forward(self, x):
        x = x if isinstance(x, Tensor) else Tensor(x)
        if len(self.normalized_shape) != 1 or x.shape[-1:] != self.normalized_shape:
            return super().forward(x)  # the general case (and its error message)
        return apply_op(_layer_norm, x, self.weight, self.bias, eps=self.eps)


# chapters/03-neural/20-mini-transformer.pmd:569
def _gelu(x):
    """Primitive: x * Phi(x), with Phi the standard normal CDF."""
    cdf = 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
    return x * cdf, (lambda g: g * (cdf + x * pdf),)


def gelu(x):
    """Exact GELU, x * Phi(x) (torch.nn.functional.gelu's default)."""
    return apply_op(_gelu, x if isinstance(x, Tensor) else Tensor(x))


# chapters/03-neural/20-mini-transformer.pmd:593
class TransformerBlock(Module):
    """Self-attention and a feed-forward network, each with a residual and a norm."""

    def __init__(
        self,
        d_model,
        n_heads,
        d_ff=None,
        dropout=0.0,
        activation="relu",
        norm_first=True,
        residual=True,
        scale=None,
        random_state=None,
    ):
        d_ff = 4 * d_model if d_ff is None else d_ff
        check_scalar(d_ff, "d_ff", numbers.Integral, low=1)
        if activation not in ("relu", "gelu"):
            raise ValueError(f"activation must be 'relu' or 'gelu', got {activation!r}")
        rng = check_random_state(random_state)
        self.self_attn = MultiHeadAttention(
            d_model, n_heads, scale=scale, random_state=rng
        )
        self.linear1 = Linear(d_model, d_ff, random_state=rng)
        self.linear2 = Linear(d_ff, d_model, random_state=rng)
        self.norm1, self.norm2 = _FusedLayerNorm(d_model), _FusedLayerNorm(d_model)
        self.dropout, self.dropout1, self.dropout2 = (
            Dropout(dropout, random_state=rng) for _ in range(3)
        )
        self.activation, self.norm_first, self.residual = (
            activation,
            bool(norm_first),
            bool(residual),
        )

    def _sa(self, x, mask):
        return self.dropout1(self.self_attn(x, mask=mask))

    def _ff(self, x):
        h = self.linear1(x)
        h = gelu(h) if self.activation == "gelu" else h.relu()
        return self.dropout2(self.linear2(self.dropout(h)))

    def forward(self, x, mask=None):
        x = x if isinstance(x, Tensor) else Tensor(x)
        add = (lambda a, b: a + b) if self.residual else (lambda a, b: b)
        if self.norm_first:
            x = add(x, self._sa(self.norm1(x), mask))
            return add(x, self._ff(self.norm2(x)))
        x = self.norm1(add(x, self._sa(x, mask)))
        return self.norm2(add(x, self._ff(x)))

    def __repr__(self):
        return (
            f"TransformerBlock({self.self_attn.d_model}, "
            f"n_heads={self.self_attn.n_heads}, "
            f"d_ff={self.linear1.out_features}, norm_first={self.norm_first})"
        )


# chapters/03-neural/20-mini-transformer.pmd:667
class MiniTransformer(Module):
    """Decoder-only transformer: logits (N, L, vocab) for tokens (N, L), causal."""

    def __init__(
        self,
        vocab_size,
        d_model=64,
        n_heads=4,
        n_layers=2,
        d_ff=None,
        max_len=128,
        norm_first=True,
        residual=True,
        scale=None,
        activation="relu",
        random_state=None,
    ):
        check_scalar(vocab_size, "vocab_size", numbers.Integral, low=1)
        check_scalar(n_layers, "n_layers", numbers.Integral, low=1)
        check_scalar(max_len, "max_len", numbers.Integral, low=1)
        rng = check_random_state(random_state)
        self.vocab_size, self.max_len = vocab_size, max_len
        self.token_embedding = Embedding(vocab_size, d_model, random_state=rng)
        self.pe = sinusoidal_positional_encoding(
            max_len, d_model
        )  # fixed, not a parameter
        self.blocks = [
            TransformerBlock(
                d_model,
                n_heads,
                d_ff,
                activation=activation,
                norm_first=norm_first,
                residual=residual,
                scale=scale,
                random_state=rng,
            )
            for _ in range(n_layers)
        ]
        self.norm = _FusedLayerNorm(d_model) if norm_first else None
        self.head = Linear(d_model, vocab_size, random_state=rng)

    def _check_tokens(self, tokens):
        tokens = np.asarray(tokens)
        if tokens.ndim != 2 or not np.issubdtype(tokens.dtype, np.integer):
            raise ValueError(
                f"MiniTransformer: tokens must be an integer array (N, L), got shape "
                f"{tokens.shape} and dtype {tokens.dtype}"
            )
        if tokens.shape[1] > self.max_len:
            raise ValueError(
                f"MiniTransformer: sequence length {tokens.shape[1]} exceeds max_len "
                f"{self.max_len}"
            )
        if tokens.size and (tokens.min() < 0 or tokens.max() >= self.vocab_size):
            raise ValueError(
                f"MiniTransformer: tokens must lie in 0..{self.vocab_size - 1}, "
                f"got values "
                f"from {tokens.min()} to {tokens.max()}"
            )
        return tokens

    def forward(self, tokens):
        tokens = self._check_tokens(tokens)
        length = tokens.shape[1]
        x = self.token_embedding(tokens)
        x = x + self.pe[:length].astype(x.dtype, copy=False)  # the model's precision
        mask = causal_mask(length)
        for block in self.blocks:
            x = block(x, mask=mask)
        if self.norm is not None:
            x = self.norm(x)
        return self.head(x)

    def generate(self, prompt, n_new, greedy=True, random_state=None):
        """Extend prompt (N, L0) by n_new tokens, greedily or by sampling."""
        rng = check_random_state(random_state)
        tokens = self._check_tokens(prompt)
        for _ in range(n_new):
            logits = self(tokens[:, -self.max_len :]).data[:, -1]
            if greedy:
                nxt = logits.argmax(axis=-1)
            else:
                p = np.exp(logits - logits.max(axis=-1, keepdims=True))
                p /= p.sum(axis=-1, keepdims=True)
                nxt = (p.cumsum(axis=-1) > rng.random((len(p), 1))).argmax(axis=-1)
            tokens = np.concatenate([tokens, nxt[:, None]], axis=1)
        return tokens
