# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/19-sequence-models.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/19-sequence-models.pmd:235
"""Recurrent layers RNN, LSTM and GRU: one layer, one direction, as PyTorch."""
import math
import numbers

import numpy as np

from mlfp._validation import check_random_state, check_scalar
from mlfp.nn import functional as F
from mlfp.nn.module import Module
from mlfp.nn.tensor import Tensor, apply_op

__all__ = ["RNN", "LSTM", "GRU"]


def _sigmoid(a):
    """1 / (1 + exp(-a)) written through tanh, which cannot overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def rnn_cell(gx, gh, state, nonlinearity="tanh"):
    """Elman step h' = phi(gx + gh). Returns the new state and what backward needs."""
    a = gx + gh
    h_new = np.tanh(a) if nonlinearity == "tanh" else np.maximum(a, 0.0)
    return (h_new,), h_new


def rnn_cell_backward(d_state, h_new, nonlinearity="tanh"):
    """Gradients of gx, gh and (directly) of the previous state, given that of h'."""
    (dh,) = d_state
    da = dh * (1.0 - h_new * h_new) if nonlinearity == "tanh" else dh * (h_new > 0)
    return da, da, (0.0,)                     # h enters only through gh


# chapters/03-neural/19-sequence-models.pmd:274
def lstm_cell(gx, gh, state):
    """LSTM step with gates (i, f, g, o): c' = f c + i g, h' = o tanh(c')."""
    h, c = state
    H = h.shape[-1]
    a = gx + gh
    gates = _sigmoid(a)
    gates[:, 2 * H:3 * H] = np.tanh(a[:, 2 * H:3 * H])
    i, f, g, o = (gates[:, k * H:(k + 1) * H] for k in range(4))
    c_new = f * c + i * g
    tc = np.tanh(c_new)
    return (o * tc, c_new), (gates, c, tc)


def lstm_cell_backward(d_state, cache):
    dh, dc = d_state
    gates, c, tc = cache
    H = c.shape[-1]
    i, f, g, o = (gates[:, k * H:(k + 1) * H] for k in range(4))
    dc = dc + dh * o * (1.0 - tc * tc)        # both paths into c'
    da = np.concatenate([dc * g * i * (1.0 - i),          # input gate
                         dc * c * f * (1.0 - f),          # forget gate
                         dc * i * (1.0 - g * g),          # candidate
                         dh * tc * o * (1.0 - o)], axis=1)  # output gate
    return da, da, (0.0, dc * f)              # the carousel: dc_{t-1} = f dc_t


# chapters/03-neural/19-sequence-models.pmd:306
def gru_cell(gx, gh, state):
    """GRU step (r, z, n): n = tanh(gx_n + r gh_n), h' = (1 - z) n + z h."""
    (h,) = state
    H = h.shape[-1]
    rz = _sigmoid(gx[:, :2 * H] + gh[:, :2 * H])
    r, z = rz[:, :H], rz[:, H:]
    ghn = gh[:, 2 * H:]
    n = np.tanh(gx[:, 2 * H:] + r * ghn)
    return (n + z * (h - n),), (h, r, z, n, ghn)


def gru_cell_backward(d_state, cache):
    (dh,) = d_state
    h, r, z, n, ghn = cache
    dn = dh * (1.0 - z) * (1.0 - n * n)       # through the candidate's tanh
    dr = dn * ghn * r * (1.0 - r)
    dz = dh * (h - n) * z * (1.0 - z)
    dgx = np.concatenate([dr, dz, dn], axis=1)
    dgh = np.concatenate([dr, dz, dn * r], axis=1)
    return dgx, dgh, (dh * z,)


# chapters/03-neural/19-sequence-models.pmd:340
def recurrence(gx, w_hh, b_hh, *state0, cell):
    """Primitive op: run a cell over time; its VJP is backpropagation through time.

    gx (L, N, G*H): input projections W_ih x_t + b_ih of every step; w_hh (G*H, H);
    b_hh (G*H,); state0: h0 (and c0 for the LSTM), each (N, H); cell: (forward,
    backward) functions as above. Returns the states, (L, N, S*H) with S = len(state0).
    """
    forward, backward = cell
    L, S, H = gx.shape[0], len(state0), state0[0].shape[-1]
    h_prev = np.empty((L,) + state0[0].shape, dtype=gx.dtype)
    out = np.empty((L, state0[0].shape[0], S * H), dtype=gx.dtype)
    caches, state = [], state0
    for t in range(L):                              # the inherently sequential part
        h_prev[t] = state[0]
        state, cache = forward(gx[t], state[0] @ w_hh.T + b_hh, state)
        caches.append(cache)
        for j in range(S):
            out[t, :, j * H:(j + 1) * H] = state[j]

    def bptt(g):
        d_gx, d_gh = np.empty_like(gx), np.empty_like(gx)
        carry = [np.zeros_like(s) for s in state0]      # dLoss/d(state) from the future
        for t in reversed(range(L)):
            d_state = [g[t, :, j * H:(j + 1) * H] + carry[j] for j in range(S)]
            d_gx[t], d_gh[t], direct = backward(d_state, caches[t])
            carry = [direct[0] + d_gh[t] @ w_hh] + [d + 0.0 for d in direct[1:]]
        d_w = d_gh.reshape(-1, d_gh.shape[-1]).T @ h_prev.reshape(-1, H)
        return (d_gx, d_w, d_gh.sum(axis=(0, 1)), *carry)

    memo = {}

    def vjp(k):                            # the engine asks once per input;
        def grad(g):                       # BPTT runs once for all of them
            if memo.get("g") is not g:
                memo["g"], memo["grads"] = g, bptt(g)
            return memo["grads"][k]
        return grad

    return out, tuple(vjp(k) for k in range(3 + S))


# chapters/03-neural/19-sequence-models.pmd:392
class _Recurrent(Module):
    """Shared by RNN, LSTM and GRU: parameters, input checks, axes, the recurrence."""

    gates, n_states = 1, 1

    def __init__(self, input_size, hidden_size, batch_first=False, random_state=None):
        check_scalar(input_size, "input_size", numbers.Integral, low=1)
        check_scalar(hidden_size, "hidden_size", numbers.Integral, low=1)
        rng = check_random_state(random_state)
        self.input_size, self.hidden_size = input_size, hidden_size
        self.batch_first = bool(batch_first)
        k, rows = 1.0 / math.sqrt(hidden_size), self.gates * hidden_size
        for name, shape in [("weight_ih_l0", (rows, input_size)),
                            ("weight_hh_l0", (rows, hidden_size)),
                            ("bias_ih_l0", (rows,)), ("bias_hh_l0", (rows,))]:
            setattr(self, name, Tensor(rng.uniform(-k, k, shape), requires_grad=True))

    def _initial_state(self, state, batch, unbatched, dtype):
        want = (1, self.hidden_size) if unbatched else (1, batch, self.hidden_size)
        if state is None:
            return (Tensor(np.zeros((batch, self.hidden_size), dtype=dtype)),) * self.n_states
        parts = (state,) if self.n_states == 1 else tuple(state)
        if len(parts) != self.n_states:
            raise ValueError(f"{type(self).__name__}: state must be (h0, c0), "
                             f"got {len(parts)} arrays")
        parts = tuple(p if isinstance(p, Tensor) else Tensor(p) for p in parts)
        for p in parts:
            if p.shape != want:
                raise ValueError(f"{type(self).__name__}: initial state of shape "
                                 f"{p.shape} does not match input batch {batch}: "
                                 f"expected {want}")
        return tuple(p.reshape(batch, self.hidden_size) for p in parts)

    def forward(self, x, state=None):
        x = x if isinstance(x, Tensor) else Tensor(x)
        name = type(self).__name__
        I = self.input_size
        if x.ndim not in (2, 3) or x.shape[-1] != I or x.shape[0] * x.shape[-2] == 0:
            raise ValueError(f"{name}: input of shape {x.shape} does not match "
                             f"input_size={I}: expected (L, N, {I}), (N, L, {I}) "
                             f"with batch_first, or (L, {I})")
        if not np.all(np.isfinite(x.data)):
            raise ValueError(f"{name}: input contains NaN or infinity")
        unbatched = x.ndim == 2
        if unbatched:
            x = x.reshape(x.shape[0], 1, self.input_size)
        elif self.batch_first:
            x = x.transpose(1, 0, 2)
        L, N, H = x.shape[0], x.shape[1], self.hidden_size
        dtype = np.result_type(x.dtype, self.weight_hh_l0.dtype)   # float32 stays float32
        state0 = self._initial_state(state, N, unbatched, dtype)
        gx = F.linear(x, self.weight_ih_l0, self.bias_ih_l0)   # all time steps at once
        states = apply_op(recurrence, gx, self.weight_hh_l0, self.bias_hh_l0, *state0,
                          cell=self._cell())
        output = states if self.n_states == 1 else states[:, :, :H]
        final = tuple(states[L - 1:, :, j * H:(j + 1) * H]
                      for j in range(self.n_states))
        if unbatched:
            output, final = output.reshape(L, H), tuple(f.reshape(1, H) for f in final)
        elif self.batch_first:
            output = output.transpose(1, 0, 2)
        return output, (final[0] if self.n_states == 1 else final)

    def __repr__(self):
        return (f"{type(self).__name__}({self.input_size}, {self.hidden_size}, "
                f"batch_first={self.batch_first})")


# chapters/03-neural/19-sequence-models.pmd:464
class RNN(_Recurrent):
    """Elman RNN, h_t = phi(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), as torch.nn.RNN."""

    def __init__(self, input_size, hidden_size, nonlinearity="tanh", batch_first=False,
                 random_state=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', "
                             f"got {nonlinearity!r}")
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, batch_first, random_state)

    def _cell(self):
        phi = self.nonlinearity
        return (lambda gx, gh, s: rnn_cell(gx, gh, s, phi),
                lambda d, cache: rnn_cell_backward(d, cache, phi))


class LSTM(_Recurrent):
    """Long short-term memory, gates (i, f, g, o); returns (output, (h_n, c_n)),
    as torch.nn.LSTM."""

    gates, n_states = 4, 2

    def _cell(self):
        return lstm_cell, lstm_cell_backward


class GRU(_Recurrent):
    """Gated recurrent unit, gates (r, z, n); like torch.nn.GRU."""

    gates = 3

    def _cell(self):
        return gru_cell, gru_cell_backward
