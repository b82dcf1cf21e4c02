"""mlfp.nn attention (chapter 20) against PyTorch and finite differences.

scaled_dot_product_attention is compared with torch.nn.functional.scaled_dot_product_attention
(outputs and autograd gradients) and with the attention weights written out in
torch; MultiHeadAttention with torch.nn.MultiheadAttention(batch_first=True)
holding copied (and perturbed) weights, outputs, per-head weights and every
gradient; all in float64. Shapes, masks and scales come from Hypothesis.
None compares our output with itself.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from threadpoolctl import threadpool_limits

import mlfp.nn.functional as F
from mlfp.nn import MultiHeadAttention, Tensor, causal_mask, grad_check, no_grad, scaled_dot_product_attention

torch = pytest.importorskip("torch", reason="PyTorch is the oracle for these tests")
from torch_parity import GRAD, assert_param_grads, copy_params  # noqa: E402
tnn = torch.nn

_blas = threadpool_limits(1)
SETTINGS = settings(max_examples=15, deadline=None)
FWD = dict(rtol=1e-10, atol=1e-12)       # forward values


# ------------------------------------------------------------------ helpers
def random_mask(shape, rng):
    """A random boolean mask of `shape` in which every row (last axis) lets at least one key through."""
    m = rng.random(shape) < 0.6
    rows = m.reshape(-1, shape[-1])
    rows[np.arange(len(rows)), rng.integers(0, shape[-1], len(rows))] = True
    return rows.reshape(shape)


def torch_attention(q, k, v, mask=None, scale=None):
    """Attention written out in torch: softmax(q k^T scale, masked with -inf) v, and the weights."""
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = (q @ k.transpose(-2, -1)) * scale
    if mask is not None:
        scores = scores.masked_fill(~torch.from_numpy(np.asarray(mask)), float("-inf"))
    w = torch.softmax(scores, dim=-1)
    return w @ v, w


# ------------------------------------------------------------------ scaled_dot_product_attention
@st.composite
def attention_case(draw):
    lead = tuple(draw(st.lists(st.integers(1, 3), min_size=0, max_size=2)))
    lq, lk, d, dv = (draw(st.integers(1, 4)) for _ in range(4))
    kind = draw(st.sampled_from(["none", "full", "broadcast", "keys"]))
    scale = draw(st.sampled_from([None, 0.3, 2.0]))
    seed = draw(st.integers(0, 2**16))
    return lead, lq, lk, d, dv, kind, scale, seed


def _mask_for(kind, lead, lq, lk, rng):
    if kind == "none":
        return None
    if kind == "full":                       # one mask per batch entry
        return random_mask(lead + (lq, lk), rng)
    if kind == "broadcast":                  # one (Lq, Lk) mask for every batch entry
        return random_mask((lq, lk), rng)
    return random_mask((1, lk), rng)         # a key-padding style mask, shared by all queries


@SETTINGS
@given(case=attention_case())
def test_sdpa_like_torch_functional(case):
    lead, lq, lk, d, dv, kind, scale, seed = case
    r = np.random.default_rng(seed)
    q, k, v = r.standard_normal(lead + (lq, d)), r.standard_normal(lead + (lk, d)), r.standard_normal(lead + (lk, dv))
    mask = _mask_for(kind, lead, lq, lk, r)
    qo, ko, vo = (Tensor(a.copy(), requires_grad=True) for a in (q, k, v))
    qt, kt, vt = (torch.tensor(a.copy(), requires_grad=True) for a in (q, k, v))
    out, w = scaled_dot_product_attention(qo, ko, vo, mask=mask, scale=scale)
    out_t = torch.nn.functional.scaled_dot_product_attention(
        qt, kt, vt, attn_mask=None if mask is None else torch.from_numpy(mask), scale=scale)
    assert isinstance(out, Tensor) and isinstance(w, Tensor)
    assert out.shape == lead + (lq, dv) and w.shape == lead + (lq, lk)
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), **FWD)
    u = r.standard_normal(out.shape)
    out.backward(u)
    out_t.backward(torch.from_numpy(u))
    for a, b in ((qo, qt), (ko, kt), (vo, vt)):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), **GRAD)


@SETTINGS
@given(case=attention_case())
def test_sdpa_weights_and_their_gradients_like_torch(case):
    lead, lq, lk, d, dv, kind, scale, seed = case
    r = np.random.default_rng(seed)
    q, k, v = r.standard_normal(lead + (lq, d)), r.standard_normal(lead + (lk, d)), r.standard_normal(lead + (lk, dv))
    mask = _mask_for(kind, lead, lq, lk, r)
    qo, ko, vo = (Tensor(a.copy(), requires_grad=True) for a in (q, k, v))
    qt, kt, vt = (torch.tensor(a.copy(), requires_grad=True) for a in (q, k, v))
    out, w = scaled_dot_product_attention(qo, ko, vo, mask=mask, scale=scale)
    out_t, w_t = torch_attention(qt, kt, vt, mask, scale)
    np.testing.assert_allclose(w.data, w_t.detach().numpy(), **FWD)
    np.testing.assert_allclose(w.data.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    if mask is not None:                                       # masked keys get exactly zero weight
        assert np.all(w.data[~np.broadcast_to(mask, w.shape)] == 0.0)
    # a loss that uses both outputs: the weights' gradient must flow back too
    u, uw = r.standard_normal(out.shape), r.standard_normal(w.shape)
    ((out * u).sum() + (w * uw).sum()).backward()
    ((out_t * torch.from_numpy(u)).sum() + (w_t * torch.from_numpy(uw)).sum()).backward()
    for a, b in ((qo, qt), (ko, kt), (vo, vt)):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), **GRAD)


@pytest.mark.parametrize("shapes", [((2, 3, 4, 5), (3, 6, 5), (1, 6, 2)),      # k, v shared over a batch axis
                                    ((4, 5), (2, 6, 5), (2, 6, 3)),            # one query set, two key sets
                                    ((2, 1, 4, 5), (1, 3, 6, 5), (2, 3, 6, 1))])
def test_sdpa_broadcasts_leading_axes_like_torch(shapes):
    r = np.random.default_rng(11)
    q, k, v = (r.standard_normal(s) for s in shapes)
    qo, ko, vo = (Tensor(a.copy(), requires_grad=True) for a in (q, k, v))
    qt, kt, vt = (torch.tensor(a.copy(), requires_grad=True) for a in (q, k, v))
    out, w = scaled_dot_product_attention(qo, ko, vo)
    out_t, w_t = torch_attention(qt, kt, vt)
    assert out.shape == tuple(out_t.shape)
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), **FWD)
    np.testing.assert_allclose(w.data, w_t.detach().numpy(), **FWD)
    u, uw = r.standard_normal(out.shape), r.standard_normal(w.shape)
    ((out * u).sum() + (w * uw).sum()).backward()
    ((out_t * torch.from_numpy(u)).sum() + (w_t * torch.from_numpy(uw)).sum()).backward()
    for a, b in ((qo, qt), (ko, kt), (vo, vt)):
        assert a.grad.shape == a.shape
        np.testing.assert_allclose(a.grad, b.grad.numpy(), **GRAD)


def test_sdpa_default_scale_is_inverse_sqrt_d_and_scale_is_used():
    r = np.random.default_rng(0)
    q, k, v = r.standard_normal((3, 8)), r.standard_normal((5, 8)), r.standard_normal((5, 2))
    s = q @ k.T
    for scale, factor in ((None, 1 / math.sqrt(8)), (1.0, 1.0), (0.05, 0.05)):
        e = np.exp(s * factor - (s * factor).max(axis=1, keepdims=True))
        w_ref = e / e.sum(axis=1, keepdims=True)                  # the closed form, in NumPy
        out, w = scaled_dot_product_attention(q, k, v, scale=scale)
        np.testing.assert_allclose(w.data, w_ref, **FWD)
        np.testing.assert_allclose(out.data, w_ref @ v, **FWD)


def test_sdpa_accepts_arrays_and_is_reached_from_functional():
    r = np.random.default_rng(1)
    q, k, v = r.standard_normal((2, 3, 4)), r.standard_normal((2, 5, 4)), r.standard_normal((2, 5, 6))
    out, w = scaled_dot_product_attention(q, k, v)
    assert isinstance(out, Tensor) and isinstance(w, Tensor) and not out.requires_grad
    out_t, w_t = torch_attention(*(torch.from_numpy(a) for a in (q, k, v)))
    np.testing.assert_allclose(out.data, out_t.numpy(), **FWD)
    np.testing.assert_allclose(w.data, w_t.numpy(), **FWD)
    assert F.scaled_dot_product_attention is scaled_dot_product_attention
    with no_grad():                                               # no graph inside no_grad
        assert not scaled_dot_product_attention(Tensor(q, requires_grad=True), k, v)[0].requires_grad


def test_sdpa_is_stable_for_large_scores():
    r = np.random.default_rng(2)
    q, k, v = 300 * r.standard_normal((4, 6)), 300 * r.standard_normal((7, 6)), r.standard_normal((7, 3))
    mask = random_mask((4, 7), r)
    out, w = scaled_dot_product_attention(q, k, v, mask=mask)
    assert np.all(np.isfinite(out.data)) and np.all(np.isfinite(w.data))
    out_t, w_t = torch_attention(*(torch.from_numpy(a) for a in (q, k, v)), mask=mask)
    np.testing.assert_allclose(out.data, out_t.numpy(), **FWD)
    np.testing.assert_allclose(w.data, w_t.numpy(), **FWD)


def test_sdpa_gradient_flows_only_to_the_tensors_that_require_it():
    r = np.random.default_rng(3)
    q = Tensor(r.standard_normal((2, 3)), requires_grad=True)
    k, v = Tensor(r.standard_normal((4, 3))), r.standard_normal((4, 2))
    out, _ = scaled_dot_product_attention(q, k, v)
    out.sum().backward()
    assert q.grad is not None and k.grad is None
    qt = torch.tensor(q.data, requires_grad=True)
    torch_attention(qt, torch.from_numpy(k.data), torch.from_numpy(v))[0].sum().backward()
    np.testing.assert_allclose(q.grad, qt.grad.numpy(), **GRAD)


def test_sdpa_causal_mask_matches_torch_is_causal():
    r = np.random.default_rng(4)
    q, k, v = (r.standard_normal((2, 2, 6, 4)) for _ in range(3))
    out, w = scaled_dot_product_attention(q, k, v, mask=causal_mask(6))
    out_t = torch.nn.functional.scaled_dot_product_attention(*(torch.from_numpy(a) for a in (q, k, v)),
                                                             is_causal=True)
    np.testing.assert_allclose(out.data, out_t.numpy(), **FWD)
    assert np.all(np.triu(w.data[0, 0], k=1) == 0.0)
    np.testing.assert_allclose(w.data[..., 0, 0], 1.0)            # the first query sees only itself


@pytest.mark.parametrize("masked", [False, True])
def test_sdpa_grad_check(masked):
    r = np.random.default_rng(5)
    q, k, v = r.standard_normal((2, 3, 4)), r.standard_normal((2, 5, 4)), r.standard_normal((2, 5, 3))
    mask = random_mask((2, 3, 5), r) if masked else None
    args = [Tensor(a, requires_grad=True) for a in (q, k, v)]
    assert grad_check(lambda q, k, v: scaled_dot_product_attention(q, k, v, mask=mask)[0], *args) < 1e-6
    assert grad_check(lambda q, k, v: scaled_dot_product_attention(q, k, v, mask=mask, scale=0.7)[1],
                      *args) < 1e-6


def test_sdpa_errors():
    r = np.random.default_rng(6)
    q, k, v = r.standard_normal((2, 3, 4)), r.standard_normal((2, 5, 4)), r.standard_normal((2, 5, 6))
    mask = np.ones((3, 5), dtype=bool)
    mask[1] = False                                               # query 1 may attend to nothing
    with pytest.raises(ValueError):
        scaled_dot_product_attention(q, k, v, mask=mask)
    with pytest.raises(ValueError) as info:                       # q and k feature sizes differ
        scaled_dot_product_attention(q, r.standard_normal((2, 5, 3)), v)
    assert "(2, 3, 4)" in str(info.value) and "(2, 5, 3)" in str(info.value)
    with pytest.raises(ValueError) as info:                       # k and v lengths differ
        scaled_dot_product_attention(q, k, r.standard_normal((2, 4, 6)))
    assert "(2, 5, 4)" in str(info.value) and "(2, 4, 6)" in str(info.value)


# ------------------------------------------------------------------ causal_mask
@pytest.mark.parametrize("length", [1, 2, 5, 17])
def test_causal_mask_is_lower_triangular_like_torch(length):
    m = causal_mask(length)
    assert isinstance(m, np.ndarray) and m.dtype == bool and m.shape == (length, length)
    i, j = np.indices((length, length))
    np.testing.assert_array_equal(m, j <= i)
    blocked = torch.nn.Transformer.generate_square_subsequent_mask(length, dtype=torch.float64).numpy()
    np.testing.assert_array_equal(~m, np.isneginf(blocked))


# ------------------------------------------------------------------ MultiHeadAttention
@st.composite
def mha_case(draw):
    n, lq, heads, head_dim = draw(st.integers(1, 3)), draw(st.integers(1, 5)), draw(st.integers(1, 3)), \
        draw(st.integers(1, 3))
    kind = draw(st.sampled_from(["none", "causal", "random"]))
    return n, lq, heads, head_dim, kind, draw(st.booleans()), draw(st.integers(0, 2**16))


def _mha_pair(d_model, heads, bias=True, seed=0, scale=None):
    ours = MultiHeadAttention(d_model, heads, bias=bias, scale=scale, random_state=seed)
    theirs = tnn.MultiheadAttention(d_model, heads, bias=bias, batch_first=True).double()
    copy_params(ours, theirs, np.random.default_rng(seed))
    return ours, theirs


@SETTINGS
@given(case=mha_case())
def test_mha_self_attention_like_torch(case):
    n, length, heads, head_dim, kind, bias, seed = case
    d = heads * head_dim
    r = np.random.default_rng(seed)
    ours, theirs = _mha_pair(d, heads, bias, seed)
    mask = {"none": None, "causal": causal_mask(length), "random": random_mask((length, length), r)}[kind]
    x = r.standard_normal((n, length, d))
    xo, xt = Tensor(x.copy(), requires_grad=True), torch.tensor(x.copy(), requires_grad=True)
    out = ours(xo, mask=mask)
    out_t, w_t = theirs(xt, xt, xt, attn_mask=None if mask is None else torch.from_numpy(~mask),
                        need_weights=True, average_attn_weights=False)
    assert out.shape == (n, length, d)
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), **FWD)
    assert isinstance(ours.attn_weights_, np.ndarray) and ours.attn_weights_.shape == (n, heads, length, length)
    np.testing.assert_allclose(ours.attn_weights_, w_t.detach().numpy(), **FWD)
    u = r.standard_normal(out.shape)
    out.backward(u)
    out_t.backward(torch.from_numpy(u))
    np.testing.assert_allclose(xo.grad, xt.grad.numpy(), **GRAD)
    assert_param_grads(ours, theirs)


@pytest.mark.parametrize("same_kv", [False, True])
def test_mha_cross_attention_like_torch(same_kv):
    r = np.random.default_rng(7)
    ours, theirs = _mha_pair(6, 3, seed=7)
    q, k = r.standard_normal((2, 4, 6)), r.standard_normal((2, 7, 6))
    v = r.standard_normal((2, 7, 6))
    mask = random_mask((4, 7), r)
    qo, ko, vo = (Tensor(a.copy(), requires_grad=True) for a in (q, k, v))
    qt, kt, vt = (torch.tensor(a.copy(), requires_grad=True) for a in (q, k, v))
    if same_kv:                               # one tensor used as key and value: two paths to sum
        vo, vt = ko, kt
    out = ours(qo, ko, vo, mask=mask)
    out_t, w_t = theirs(qt, kt, vt, attn_mask=torch.from_numpy(~mask), need_weights=True,
                        average_attn_weights=False)
    assert out.shape == (2, 4, 6) and ours.attn_weights_.shape == (2, 3, 4, 7)
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), **FWD)
    np.testing.assert_allclose(ours.attn_weights_, w_t.detach().numpy(), **FWD)
    u = r.standard_normal(out.shape)
    out.backward(u)
    out_t.backward(torch.from_numpy(u))
    for a, b in ((qo, qt), (ko, kt), (vo, vt)):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), **GRAD)
    assert_param_grads(ours, theirs)


@pytest.mark.parametrize("call", ["x", "x, x", "x, x, x", "x, x, z", "x, y", "x, y, y", "x, y, w"])
def test_mha_call_forms_like_torch(call):
    # self-attention may take a fused path when key and value are the query; every call form
    # must give torch's output and gradients, including a tensor reused on several paths
    r = np.random.default_rng(10)
    ours, theirs = _mha_pair(6, 2, seed=10)
    arrays = {"x": r.standard_normal((2, 5, 6)), "z": r.standard_normal((2, 5, 6)),    # z: same length as x
              "y": r.standard_normal((2, 3, 6)), "w": r.standard_normal((2, 3, 6))}    # w: same length as y
    names = call.split(", ")
    ours_in = {n: Tensor(arrays[n].copy(), requires_grad=True) for n in set(names)}
    torch_in = {n: torch.tensor(arrays[n].copy(), requires_grad=True) for n in set(names)}
    args_t = [torch_in[n] for n in names]
    args_t += [args_t[-1]] * (3 - len(args_t))               # key defaults to query, value to key
    out = ours(*[ours_in[n] for n in names])
    out_t = theirs(*args_t, need_weights=False)[0]
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), **FWD)
    u = r.standard_normal(out.shape)
    out.backward(u)
    out_t.backward(torch.from_numpy(u))
    for n in set(names):
        np.testing.assert_allclose(ours_in[n].grad, torch_in[n].grad.numpy(), err_msg=n, **GRAD)
    assert_param_grads(ours, theirs)


def test_mha_key_and_value_default_to_query():
    r = np.random.default_rng(8)
    ours, theirs = _mha_pair(4, 2, seed=8)
    x = r.standard_normal((3, 5, 4))
    xt = torch.from_numpy(x)
    with torch.no_grad():
        np.testing.assert_allclose(ours(Tensor(x)).data, theirs(xt, xt, xt, need_weights=False)[0].numpy(), **FWD)
        np.testing.assert_allclose(ours(x).data, theirs(xt, xt, xt, need_weights=False)[0].numpy(), **FWD)


@pytest.mark.parametrize("scale", [0.1, 1.0, 3.0])
def test_mha_custom_scale_like_torch_with_rescaled_queries(scale):
    # torch always uses 1/sqrt(head_dim); scaling the query projection by scale * sqrt(head_dim)
    # gives the same scores as our scale, so the outputs must agree and our W_q gradient is
    # c times torch's (chain rule through W_q -> c W_q).
    d, heads = 8, 2
    c = scale * math.sqrt(d // heads)
    ours, theirs = _mha_pair(d, heads, seed=9, scale=scale)
    with torch.no_grad():
        theirs.in_proj_weight[:d] *= c
        theirs.in_proj_bias[:d] *= c
    x = np.random.default_rng(9).standard_normal((2, 5, d))
    xo, xt = Tensor(x.copy(), requires_grad=True), torch.tensor(x.copy(), requires_grad=True)
    out = ours(xo, mask=causal_mask(5))
    out_t = theirs(xt, xt, xt, attn_mask=torch.from_numpy(~causal_mask(5)), need_weights=False)[0]
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), **FWD)
    out.sum().backward()
    out_t.sum().backward()
    np.testing.assert_allclose(xo.grad, xt.grad.numpy(), **GRAD)
    gw = theirs.in_proj_weight.grad.numpy().copy()
    gw[:d] *= c
    np.testing.assert_allclose(ours.in_proj_weight.grad, gw, **GRAD)


def test_mha_default_scale_is_inverse_sqrt_head_dim():
    ours = MultiHeadAttention(8, 4, random_state=0)
    explicit = MultiHeadAttention(8, 4, scale=1 / math.sqrt(2), random_state=0)
    wrong = MultiHeadAttention(8, 4, scale=1 / math.sqrt(8), random_state=0)
    x = Tensor(np.random.default_rng(0).standard_normal((1, 6, 8)))
    np.testing.assert_allclose(ours(x).data, explicit(x).data, **FWD)
    assert not np.allclose(ours(x).data, wrong(x).data)


def test_mha_init_like_torch():
    d, heads = 64, 4
    ours = MultiHeadAttention(d, heads, random_state=0)
    names = [n for n, _ in ours.named_parameters()]
    assert sorted(names) == sorted(n for n, _ in tnn.MultiheadAttention(d, heads, batch_first=True).named_parameters())
    assert ours.in_proj_weight.shape == (3 * d, d) and ours.in_proj_bias.shape == (3 * d,)
    assert ours.out_proj.weight.shape == (d, d) and ours.out_proj.bias.shape == (d,)
    bound = math.sqrt(6 / (d + 3 * d))                        # xavier_uniform on a (3d, d) matrix
    assert np.abs(ours.in_proj_weight.data).max() <= bound
    ref = tnn.MultiheadAttention(d, heads, batch_first=True)
    np.testing.assert_allclose(ours.in_proj_weight.data.std(), ref.in_proj_weight.detach().std().item(), rtol=0.03)
    np.testing.assert_array_equal(ours.in_proj_bias.data, 0.0)
    np.testing.assert_array_equal(ours.out_proj.bias.data, 0.0)
    assert np.abs(ours.out_proj.weight.data).max() <= 1 / math.sqrt(d)
    assert ours.in_proj_weight.dtype == np.float64
    again = MultiHeadAttention(d, heads, random_state=0)
    np.testing.assert_array_equal(again.in_proj_weight.data, ours.in_proj_weight.data)
    other = MultiHeadAttention(d, heads, random_state=1)
    assert not np.array_equal(other.in_proj_weight.data, ours.in_proj_weight.data)


def test_mha_without_bias_has_no_bias_parameters_like_torch():
    ours = MultiHeadAttention(6, 2, bias=False, random_state=0)
    theirs = tnn.MultiheadAttention(6, 2, bias=False, batch_first=True)
    assert sorted(n for n, _ in ours.named_parameters()) == sorted(n for n, _ in theirs.named_parameters())


def test_mha_errors():
    with pytest.raises(ValueError):
        MultiHeadAttention(10, 3)
    mha = MultiHeadAttention(4, 2, random_state=0)
    mask = np.tril(np.ones((3, 3), dtype=bool))
    mask[2] = False
    with pytest.raises(ValueError):
        mha(Tensor(np.ones((1, 3, 4))), mask=mask)
