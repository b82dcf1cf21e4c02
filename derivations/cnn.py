"""Derivations shown in chapter 18, Convolutional networks
(chapters/03-neural/18-convolutional-networks.pmd).

The convolution's identities hold for every size, but SymPy checks them
entry by entry on explicit arrays of symbols of one stated size (the titles
say which); the output-size formula is checked numerically on random integer
sizes. Each function builds a `mlfp.derive.Derivation`; `@derivation`
registers it so that the verification appendix and tests/test_derivations.py
check it.
"""
import itertools

import numpy as np
import sympy as sp

from mlfp.derive import Derivation, derivation


def _array(name, *shape):
    """An object array of real symbols name_{i,j,...}."""
    out = np.empty(shape, dtype=object)
    for idx in itertools.product(*(range(s) for s in shape)):
        out[idx] = sp.Symbol(f"{name}_{{{','.join(str(i) for i in idx)}}}", real=True)
    return out


def _correlate(x, w, stride=1):
    """Y[i, j] = sum_{c,a,b} w[c, a, b] x[c, s i + a, s j + b] (no padding), as an object array."""
    c, kh, kw = w.shape
    ho, wo = (x.shape[1] - kh) // stride + 1, (x.shape[2] - kw) // stride + 1
    y = np.empty((ho, wo), dtype=object)
    for i, j in itertools.product(range(ho), range(wo)):
        y[i, j] = sum(w[ch, a, b] * x[ch, stride * i + a, stride * j + b]
                      for ch in range(c) for a in range(kh) for b in range(kw))
    return y


def _column(entries):
    return sp.Matrix([e for e in np.ravel(entries)])


@derivation
def conv_gradients():
    """im2col form of the correlation, and its gradients as correlations (C=2, 4x4 input, 2x3 kernel)."""
    C, H, W, kh, kw = 2, 4, 4, 2, 3
    X, Wt, beta = _array("x", C, H, W), _array("w", C, kh, kw), sp.Symbol("beta", real=True)
    Y = _correlate(X, Wt) + beta
    ho, wo = Y.shape
    G = _array("g", ho, wo)                                   # the output gradient dL/dY
    L = sum(G[i, j] * Y[i, j] for i in range(ho) for j in range(wo))
    # im2col: one row per output position (i, j), the window's C kh kw pixels in (c, a, b) order
    cols = sp.Matrix([[X[c, i + a, j + b] for c in range(C) for a in range(kh) for b in range(kw)]
                      for i in range(ho) for j in range(wo)])
    w_vec, g_vec = _column(Wt), _column(G)
    D = Derivation(f"Convolution as a matrix product and its gradients (C = {C}, {H}x{W} input, "
                   f"{kh}x{kw} kernel, stride 1, entry by entry)")
    D.step(_column(Y), cols * w_vec + sp.ones(ho * wo, 1) * beta,
           r"unfold the window under output $(i, j)$ into row $(i, j)$ of $U = \operatorname{im2col}(X)$",
           display=(r"Y_{ij} = \sum_{c,a,b} W_{cab}\, X_{c,\,i+a,\,j+b} + \beta",
                    r"\big(U \operatorname{vec}(W)\big)_{(i,j)} + \beta"))
    D.start(_column([sp.diff(L, w) for w in np.ravel(Wt)]))
    D.then(cols.T * g_vec, r"$L = \sum_{ij} G_{ij} Y_{ij}$ is linear in $W$; differentiate step (1)",
           display=(r"\frac{\partial L}{\partial W_{cab}}", r"\big(U^\top \operatorname{vec}(G)\big)_{(c,a,b)}"))
    D.then(_column([sum(G[i, j] * X[c, i + a, j + b] for i in range(ho) for j in range(wo))
                    for c in range(C) for a in range(kh) for b in range(kw)]),
           r"read entry $(c, a, b)$: the correlation of the input with the output gradient",
           display=(None, r"\sum_{i,j} G_{ij}\, X_{c,\,i+a,\,j+b}"))
    D.step(sp.diff(L, beta), sum(np.ravel(G)), r"$\beta$ is added to every output",
           display=(r"\frac{\partial L}{\partial \beta}", r"\sum_{i,j} G_{ij}"))
    # col2im(g w^T): pixel (c, p, q) collects every row (i, j) and column (c, a, b) with i+a=p, j+b=q
    dcols = g_vec * w_vec.T
    col2im = np.zeros((C, H, W), dtype=object)
    for r, (i, j) in enumerate(itertools.product(range(ho), range(wo))):
        for col, (c, a, b) in enumerate(itertools.product(range(C), range(kh), range(kw))):
            col2im[c, i + a, j + b] += dcols[r, col]
    G_pad = np.zeros((ho + 2 * (kh - 1), wo + 2 * (kw - 1)), dtype=object)
    G_pad[kh - 1:kh - 1 + ho, kw - 1:kw - 1 + wo] = G
    flipped = Wt[:, ::-1, ::-1]
    full = np.array([[[sum(G_pad[p + a, q + b] * flipped[c, a, b] for a in range(kh) for b in range(kw))
                       for q in range(W)] for p in range(H)] for c in range(C)], dtype=object)
    D.start(_column([sp.diff(L, x) for x in np.ravel(X)]))
    D.then(_column(col2im), r"differentiate step (1) in $X$: $\bar U = \operatorname{vec}(G)\operatorname{vec}(W)^\top$, "
           r"and each pixel sums the entries of $\bar U$ of the windows that contain it (col2im)",
           display=(r"\frac{\partial L}{\partial X_{cpq}}",
                    r"\operatorname{col2im}\big(\operatorname{vec}(G) \operatorname{vec}(W)^\top\big)_{cpq}"))
    D.then(_column(full), r"the same sum as a full correlation: pad $G$ with $k - 1$ zeros on every side "
           r"and slide the kernel flipped in both axes, $\tilde W_{cab} = W_{c,\,k_h-1-a,\,k_w-1-b}$",
           display=(None, r"\sum_{a,b} \tilde G_{p+a,\,q+b}\, \tilde W_{cab}"))
    return D


@derivation
def conv_strided_input_gradient():
    """With stride 2 the input gradient is a full correlation of the *dilated* output gradient."""
    H, k, s = 5, 3, 2
    X, Wt = _array("x", 1, H, H), _array("w", 1, k, k)
    Y = _correlate(X, Wt, stride=s)
    ho = Y.shape[0]
    G = _array("g", ho, ho)
    L = sum(G[i, j] * Y[i, j] for i in range(ho) for j in range(ho))
    n_dil = s * (ho - 1) + 1                                  # G with s - 1 zeros between entries
    G_pad = np.zeros((n_dil + 2 * (k - 1),) * 2, dtype=object)
    G_pad[k - 1:k - 1 + n_dil:s, k - 1:k - 1 + n_dil:s] = G
    flipped = Wt[0, ::-1, ::-1]
    full = np.array([[sum(G_pad[p + a, q + b] * flipped[a, b] for a in range(k) for b in range(k))
                      for q in range(H)] for p in range(H)], dtype=object)
    D = Derivation(f"Input gradient of a strided convolution ({H}x{H} input, {k}x{k} kernel, "
                   f"stride {s}, entry by entry)")
    D.step(_column([sp.diff(L, x) for x in np.ravel(X)]), _column(full),
           rf"insert $s - 1 = {s - 1}$ zero between neighbouring entries of $G$ (dilate it), pad with "
           r"$k - 1$ zeros and correlate with the flipped kernel: the backward pass of a stride is an "
           r"upsampling",
           display=(r"\frac{\partial L}{\partial X_{pq}}",
                    r"\sum_{a,b} \tilde G^{(s)}_{p+a,\,q+b}\, \tilde W_{ab}"))
    return D


@derivation
def conv_output_size():
    """floor((H + 2p - k)/s) + 1 windows fit: the last one inside the padded input, the next one not."""
    H, p, k, s = sp.symbols("H p k s", integer=True, nonnegative=True)
    n_out = sp.floor((H + 2 * p - k) / s) + 1
    samplers = {H: lambda rng: rng.integers(1, 40), p: lambda rng: rng.integers(0, 4),
                s: lambda rng: rng.integers(1, 5)}
    # k must fit the padded input: draw it after H and p, as a fraction of H + 2p
    frac = sp.Symbol("u", positive=True)
    k_of = sp.Max(1, sp.ceiling(frac * (H + 2 * p)))
    samplers[frac] = lambda rng: rng.uniform(0.01, 1.0)
    n_k = n_out.subs(k, k_of)
    D = Derivation("How many positions a window takes (random integer sizes)", points=400)
    D.step(s * (n_k - 1) + k_of, H + 2 * p,
           r"window $i$ starts at $s\,i$ and ends at $s\,i + k - 1$; the last one, "
           r"$i = H' - 1$, ends inside the padded input of $H + 2p$ pixels",
           relation="<=", method="numeric", samplers=samplers,
           display=(r"s\,(H' - 1) + k", r"H + 2p \quad\text{with } H' = "
                                        r"\Big\lfloor \frac{H + 2p - k}{s} \Big\rfloor + 1"))
    D.step(H + 2 * p + 1, s * n_k + k_of,
           r"the next window, $i = H'$, would end outside it (sizes are integers)",
           relation="<=", method="numeric", samplers=samplers,
           display=(r"H + 2p + 1", r"s\, H' + k"))
    return D
