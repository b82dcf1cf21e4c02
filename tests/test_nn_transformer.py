"""mlfp.nn transformer (chapter 20) against PyTorch, closed forms and finite differences.

TransformerBlock is compared with torch.nn.TransformerEncoderLayer(batch_first=True,
dropout=0) and MiniTransformer with the same decoder-only model assembled from
torch.nn modules (Embedding, a sinusoidal buffer computed in torch,
TransformerEncoderLayer with a causal mask, LayerNorm, Linear), both holding
copied and perturbed weights: outputs and every gradient, in float64, in
training mode so that torch takes its regular (not its fused inference) path.
The positional encoding is checked against its defining formula and its
relative-position property, causality by changing a token, and the whole
model by learning a small task. None compares our output with itself.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from threadpoolctl import threadpool_limits

import mlfp.nn.functional as F
from mlfp.nn import (SGD, AdamW, LayerNorm, MiniTransformer, MultiHeadAttention, Tensor, TransformerBlock,
                     WarmupCosine, causal_mask, gelu, grad_check, no_grad, sinusoidal_positional_encoding)

torch = pytest.importorskip("torch", reason="PyTorch is the oracle for these tests")
from torch_parity import GRAD, assert_param_grads, copy_params  # noqa: E402
tnn = torch.nn

_blas = threadpool_limits(1)
SETTINGS = settings(max_examples=15, deadline=None)
FWD = dict(rtol=1e-10, atol=1e-10)       # forward values (outputs are O(1) after several layers)


# ------------------------------------------------------------------ helpers
def torch_blocked(mask):
    """torch's boolean attn_mask / src_mask convention: True where attention is NOT allowed."""
    return None if mask is None else torch.from_numpy(~mask)


def torch_pe(n_positions, d_model):
    """The sinusoidal table as written in the PyTorch tutorials (exp-log form), in float64."""
    pos = torch.arange(n_positions, dtype=torch.float64)[:, None]
    div = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(10000.0) / d_model))
    pe = torch.zeros(n_positions, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe


def torch_layer(d, heads, d_ff, activation, norm_first):
    return tnn.TransformerEncoderLayer(d, heads, dim_feedforward=d_ff, dropout=0.0, activation=activation,
                                       batch_first=True, norm_first=norm_first).double().train()


def torch_layer_forward(layer, x, mask, residual=True):
    """torch's encoder layer; without residual paths, the same sublayers composed by hand."""
    if residual:
        return layer(x, src_mask=torch_blocked(mask))
    act = torch.nn.functional.relu if layer.activation_relu_or_gelu == 1 else torch.nn.functional.gelu
    sa = lambda h: layer.self_attn(h, h, h, attn_mask=torch_blocked(mask), need_weights=False)[0]  # noqa: E731
    ff = lambda h: layer.linear2(act(layer.linear1(h)))                                          # noqa: E731
    if layer.norm_first:
        x = sa(layer.norm1(x))
        return ff(layer.norm2(x))
    x = layer.norm1(sa(x))
    return layer.norm2(ff(x))


class TorchMini(tnn.Module):
    """The decoder-only model of the chapter, built from torch.nn parts with the same parameter names."""

    def __init__(self, vocab, d, heads, n_layers, d_ff, max_len, norm_first, activation, residual=True):
        super().__init__()
        self.token_embedding = tnn.Embedding(vocab, d)
        self.blocks = tnn.ModuleList(torch_layer(d, heads, d_ff, activation, norm_first) for _ in range(n_layers))
        self.norm = tnn.LayerNorm(d) if norm_first else None
        self.head = tnn.Linear(d, vocab)
        self.residual = residual
        self.register_buffer("pe", torch_pe(max_len, d))
        self.double()

    def forward(self, tokens):
        length = tokens.shape[1]
        x = self.token_embedding(tokens) + self.pe[:length]
        mask = np.tril(np.ones((length, length), dtype=bool))
        for layer in self.blocks:
            x = torch_layer_forward(layer, x, mask, self.residual)
        if self.norm is not None:
            x = self.norm(x)
        return self.head(x)


def compare_block(ours, theirs, x, mask, residual=True, seed=0):
    copy_params(ours, theirs, np.random.default_rng(seed))
    xo, xt = Tensor(x.copy(), requires_grad=True), torch.tensor(x.copy(), requires_grad=True)
    out = ours(xo, mask=mask)
    out_t = torch_layer_forward(theirs, xt, mask, residual)
    assert out.shape == x.shape
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), **FWD)
    u = np.random.default_rng(seed + 1).standard_normal(out.shape)
    out.backward(u)
    out_t.backward(torch.from_numpy(u))
    np.testing.assert_allclose(xo.grad, xt.grad.numpy(), **GRAD)
    assert_param_grads(ours, theirs)


def compare_model(ours, theirs, tokens, seed=0):
    """Logits, and the gradient of the mean next-token cross-entropy with respect to every parameter."""
    copy_params(ours, theirs, np.random.default_rng(seed))
    vocab = ours.head.weight.shape[0]
    logits = ours(tokens)
    logits_t = theirs(torch.from_numpy(tokens))
    assert logits.shape == tokens.shape + (vocab,)
    np.testing.assert_allclose(logits.data, logits_t.detach().numpy(), **FWD)
    targets = np.random.default_rng(seed + 1).integers(0, vocab, tokens.size)
    loss = F.cross_entropy(logits.reshape(-1, vocab), targets)
    loss_t = torch.nn.functional.cross_entropy(logits_t.reshape(-1, vocab), torch.from_numpy(targets))
    np.testing.assert_allclose(loss.item(), loss_t.item(), rtol=1e-12)
    loss.backward()
    loss_t.backward()
    assert_param_grads(ours, theirs)


# ------------------------------------------------------------------ gelu
def test_gelu_like_torch():
    x = np.concatenate([np.linspace(-12, 12, 97), np.random.default_rng(0).standard_normal(50)])
    xo, xt = Tensor(x.copy(), requires_grad=True), torch.tensor(x.copy(), requires_grad=True)
    out, out_t = gelu(xo), torch.nn.functional.gelu(xt)                 # exact (erf) GELU
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), rtol=1e-13, atol=1e-15)
    out.sum().backward()
    out_t.sum().backward()
    np.testing.assert_allclose(xo.grad, xt.grad.numpy(), rtol=1e-12, atol=1e-15)
    assert grad_check(gelu, Tensor(np.random.default_rng(1).standard_normal(20), requires_grad=True)) < 1e-7


# ------------------------------------------------------------------ positional encoding
@pytest.mark.parametrize("n, d", [(1, 2), (7, 4), (50, 16), (128, 64)])
def test_positional_encoding_closed_form(n, d):
    pe = sinusoidal_positional_encoding(n, d)
    assert isinstance(pe, np.ndarray) and pe.shape == (n, d) and pe.dtype == np.float64
    ref = np.empty((n, d))
    for p in range(n):                                   # the definition, one entry at a time
        for i in range(d // 2):
            angle = p / 10000 ** (2 * i / d)
            ref[p, 2 * i], ref[p, 2 * i + 1] = math.sin(angle), math.cos(angle)
    np.testing.assert_allclose(pe, ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(pe, torch_pe(n, d).numpy(), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(pe[0, 0::2], 0.0)
    np.testing.assert_array_equal(pe[0, 1::2], 1.0)


@pytest.mark.parametrize("k", [1, 3, 17])
def test_positional_encoding_shift_is_a_fixed_rotation(k):
    # PE[p + k] = R_k PE[p] for every p, with R_k block-diagonal: one 2x2 rotation by k w_i per
    # frequency w_i = 10000^(-2i/d), independent of p (the property that motivates the encoding)
    n, d = 60, 12
    pe = sinusoidal_positional_encoding(n + k, d)
    R = np.zeros((d, d))
    for i in range(d // 2):
        c, s = math.cos(k * 10000 ** (-2 * i / d)), math.sin(k * 10000 ** (-2 * i / d))
        R[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[c, s], [-s, c]]
    np.testing.assert_allclose(pe[k:], pe[:n] @ R.T, rtol=0, atol=1e-11)
    # and without the closed form: the least-squares linear map from PE[p] to PE[p + k] is exact
    M, *_ = np.linalg.lstsq(pe[:n], pe[k:], rcond=None)
    np.testing.assert_allclose(pe[:n] @ M, pe[k:], rtol=0, atol=1e-9)


# ------------------------------------------------------------------ TransformerBlock
@pytest.mark.parametrize("masked", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
@pytest.mark.parametrize("norm_first", [True, False])
def test_block_like_torch_encoder_layer(norm_first, activation, masked):
    d, heads, d_ff = 8, 2, 12
    ours = TransformerBlock(d, heads, d_ff=d_ff, activation=activation, norm_first=norm_first, random_state=0)
    theirs = torch_layer(d, heads, d_ff, activation, norm_first)
    x = np.random.default_rng(1).standard_normal((3, 6, d))
    compare_block(ours, theirs, x, causal_mask(6) if masked else None)


@SETTINGS
@given(n=st.integers(1, 3), length=st.integers(1, 5), heads=st.integers(1, 3), head_dim=st.integers(1, 3),
       d_ff=st.integers(1, 6), activation=st.sampled_from(["relu", "gelu"]), norm_first=st.booleans(),
       residual=st.booleans(), masked=st.booleans(), seed=st.integers(0, 2**16))
def test_block_like_torch_any_shape(n, length, heads, head_dim, d_ff, activation, norm_first, residual, masked,
                                    seed):
    d = heads * head_dim
    ours = TransformerBlock(d, heads, d_ff=d_ff, activation=activation, norm_first=norm_first, residual=residual,
                            random_state=seed)
    theirs = torch_layer(d, heads, d_ff, activation, norm_first)
    x = np.random.default_rng(seed).standard_normal((n, length, d))
    compare_block(ours, theirs, x, causal_mask(length) if masked else None, residual=residual, seed=seed)


@pytest.mark.parametrize("norm_first", [True, False])
def test_block_without_residual_like_hand_built_torch(norm_first):
    ours = TransformerBlock(8, 4, d_ff=16, norm_first=norm_first, residual=False, random_state=3)
    theirs = torch_layer(8, 4, 16, "relu", norm_first)
    compare_block(ours, theirs, np.random.default_rng(3).standard_normal((2, 5, 8)), causal_mask(5), residual=False)


def test_block_custom_scale_like_torch_with_rescaled_queries():
    # torch scores with 1/sqrt(head_dim); scaling W_q and b_q by c = scale * sqrt(head_dim) gives our scale
    d, heads, scale = 8, 2, 0.9
    c = scale * math.sqrt(d // heads)
    ours = TransformerBlock(d, heads, d_ff=10, scale=scale, random_state=4)
    theirs = torch_layer(d, heads, 10, "relu", True)
    copy_params(ours, theirs, np.random.default_rng(4))
    with torch.no_grad():
        theirs.self_attn.in_proj_weight[:d] *= c
        theirs.self_attn.in_proj_bias[:d] *= c
    x = np.random.default_rng(5).standard_normal((2, 4, d))
    out = ours(Tensor(x), mask=causal_mask(4))
    out_t = theirs(torch.from_numpy(x), src_mask=torch_blocked(causal_mask(4)))
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), **FWD)
    plain = TransformerBlock(d, heads, d_ff=10, random_state=4)
    for p, q in zip(plain.parameters(), ours.parameters()):
        p.data = q.data.copy()
    assert not np.allclose(plain(Tensor(x), mask=causal_mask(4)).data, out.data)


def test_block_structure_and_defaults_like_torch():
    ours = TransformerBlock(16, 4, random_state=0)
    theirs = tnn.TransformerEncoderLayer(16, 4, dim_feedforward=64, dropout=0.0, batch_first=True)
    assert sorted(n for n, _ in ours.named_parameters()) == sorted(n for n, _ in theirs.named_parameters())
    assert isinstance(ours.self_attn, MultiHeadAttention)
    assert ours.linear1.weight.shape == (64, 16) and ours.linear2.weight.shape == (16, 64)   # d_ff = 4 d_model
    for norm in (ours.norm1, ours.norm2):
        assert isinstance(norm, LayerNorm) and norm.eps == 1e-5
        np.testing.assert_array_equal(norm.weight.data, 1.0)
        np.testing.assert_array_equal(norm.bias.data, 0.0)
    a, b = TransformerBlock(16, 4, random_state=7), TransformerBlock(16, 4, random_state=7)
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(p.data, q.data)
    with pytest.raises(ValueError):
        TransformerBlock(10, 4)


def test_block_dropout_eval_like_torch_and_train_is_random():
    d = 8
    ours = TransformerBlock(d, 2, d_ff=12, dropout=0.5, random_state=0)
    theirs = tnn.TransformerEncoderLayer(d, 2, dim_feedforward=12, dropout=0.5, batch_first=True,
                                         norm_first=True).double()
    copy_params(ours, theirs, np.random.default_rng(0))
    x = np.random.default_rng(1).standard_normal((2, 5, d))
    ours.eval()
    theirs.eval()
    xt = torch.tensor(x, requires_grad=True)
    out_eval = ours(Tensor(x)).data
    np.testing.assert_allclose(out_eval, theirs(xt).detach().numpy(), **FWD)   # dropout off in eval
    ours.train()
    a, b = ours(Tensor(x)).data, ours(Tensor(x)).data
    assert not np.allclose(a, out_eval) and not np.allclose(a, b)


@pytest.mark.parametrize("activation, norm_first", [("gelu", True), ("gelu", False), ("relu", True)])
def test_block_grad_check(activation, norm_first):
    r = np.random.default_rng(6)
    block = TransformerBlock(4, 2, d_ff=6, activation=activation, norm_first=norm_first, random_state=6)
    for p in block.parameters():                      # nonzero biases, non-unit norms
        p.data = p.data + 0.3 * r.standard_normal(p.shape)
    mask = causal_mask(3)
    x = Tensor(r.standard_normal((2, 3, 4)), requires_grad=True)
    assert grad_check(lambda x: block(x, mask=mask), x) < 1e-6
    assert grad_check(lambda *ps: block(x, mask=mask), *block.parameters()) < 1e-6


# ------------------------------------------------------------------ MiniTransformer
@pytest.mark.parametrize("norm_first, activation, residual", [(True, "relu", True), (False, "relu", True),
                                                              (True, "gelu", True), (False, "gelu", False)])
def test_mini_transformer_like_torch(norm_first, activation, residual):
    vocab, d, heads, n_layers, d_ff, max_len = 11, 8, 2, 2, 16, 12
    ours = MiniTransformer(vocab, d_model=d, n_heads=heads, n_layers=n_layers, d_ff=d_ff, max_len=max_len,
                           norm_first=norm_first, residual=residual, activation=activation, random_state=0)
    theirs = TorchMini(vocab, d, heads, n_layers, d_ff, max_len, norm_first, activation, residual).train()
    tokens = np.random.default_rng(1).integers(0, vocab, (3, 9))
    compare_model(ours, theirs, tokens)


def test_mini_transformer_full_length_and_custom_scale_like_torch():
    vocab, d, heads, max_len, scale = 7, 6, 3, 10, 0.6
    c = scale * math.sqrt(d // heads)
    ours = MiniTransformer(vocab, d_model=d, n_heads=heads, n_layers=3, d_ff=5, max_len=max_len, scale=scale,
                           random_state=2)
    theirs = TorchMini(vocab, d, heads, 3, 5, max_len, True, "relu").train()
    copy_params(ours, theirs, np.random.default_rng(2))
    for layer in theirs.blocks:                       # torch's 1/sqrt(head_dim) times c is our scale
        with torch.no_grad():
            layer.self_attn.in_proj_weight[:d] *= c
            layer.self_attn.in_proj_bias[:d] *= c
    tokens = np.random.default_rng(3).integers(0, vocab, (2, max_len))
    with no_grad():
        np.testing.assert_allclose(ours(tokens).data, theirs(torch.from_numpy(tokens)).detach().numpy(), **FWD)


@pytest.mark.parametrize("norm_first", [True, False])
def test_mini_transformer_is_causal(norm_first):
    vocab, length = 13, 10
    model = MiniTransformer(vocab, d_model=16, n_heads=2, n_layers=2, max_len=16, norm_first=norm_first,
                            random_state=0)
    tokens = np.random.default_rng(0).integers(0, vocab, (4, length))
    with no_grad():
        base = model(tokens).data
        for t in (0, 4, length - 1):
            changed = tokens.copy()
            changed[:, t] = (changed[:, t] + 1 + np.arange(4)) % vocab
            logits = model(changed).data
            np.testing.assert_allclose(logits[:, :t], base[:, :t], rtol=0, atol=1e-12)   # the past is unchanged
            assert np.all(np.abs(logits[:, t] - base[:, t]).max(axis=-1) > 1e-6)       # position t sees it
        # a prefix is processed exactly as the start of a longer sequence (absolute positions, causal mask)
        np.testing.assert_allclose(model(tokens[:, :6]).data, base[:, :6], rtol=0, atol=1e-12)


def test_mini_transformer_structure_defaults_and_errors():
    model = MiniTransformer(10, random_state=0)
    assert len(model.blocks) == 2 and all(isinstance(b, TransformerBlock) for b in model.blocks)
    assert model.token_embedding.weight.shape == (10, 64) and model.head.weight.shape == (10, 64)
    assert model.blocks[0].self_attn.in_proj_weight.shape == (192, 64)
    assert model.blocks[0].linear1.weight.shape == (256, 64)
    assert isinstance(model.norm, LayerNorm)
    assert MiniTransformer(10, norm_first=False, random_state=0).norm is None
    torch_names = sorted(n for n, _ in TorchMini(10, 64, 4, 2, 256, 128, True, "relu").named_parameters())
    assert sorted(n for n, _ in model.named_parameters()) == torch_names
    a, b = MiniTransformer(5, d_model=8, n_heads=2, random_state=4), MiniTransformer(5, d_model=8, n_heads=2,
                                                                                     random_state=4)
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(p.data, q.data)
    small = MiniTransformer(5, d_model=8, n_heads=2, n_layers=1, max_len=4, random_state=0)
    assert small(np.zeros((2, 4), dtype=np.int64)).shape == (2, 4, 5)         # L == max_len is fine
    with pytest.raises(ValueError, match="max_len"):                           # L > max_len, said so
        small(np.zeros((2, 5), dtype=np.int64))
    with pytest.raises(ValueError):
        small(np.array([[0, 5]]))                                               # token == vocab_size
    with pytest.raises(ValueError):
        small(np.array([[-1, 0]]))
    with pytest.raises(ValueError):
        MiniTransformer(5, d_model=10, n_heads=4)


def test_generate_greedy_like_torch():
    vocab, d, max_len = 9, 8, 12
    ours = MiniTransformer(vocab, d_model=d, n_heads=2, n_layers=2, d_ff=16, max_len=max_len, random_state=5)
    theirs = TorchMini(vocab, d, 2, 2, 16, max_len, True, "relu").train()
    copy_params(ours, theirs, np.random.default_rng(5))
    prompt = np.random.default_rng(6).integers(0, vocab, (3, 4))
    out = ours.generate(prompt, 8)
    tokens = torch.from_numpy(prompt)
    with torch.no_grad():                               # greedy decoding, written out in torch
        for _ in range(8):
            nxt = theirs(tokens)[:, -1].argmax(dim=-1)
            tokens = torch.cat([tokens, nxt[:, None]], dim=1)
    np.testing.assert_array_equal(out, tokens.numpy())


def test_generate_samples_from_the_softmax_of_the_logits():
    # a head with zero weight and bias log p gives logits log p at every position, whatever the input:
    # sampled tokens must follow p (a chi-square test at the 0.1% level) and a seed must reproduce them
    p = np.array([0.5, 0.25, 0.15, 0.1])
    model = MiniTransformer(4, d_model=8, n_heads=2, n_layers=1, max_len=8, random_state=0)
    model.head.weight.data = np.zeros_like(model.head.weight.data)
    model.head.bias.data = np.log(p) + 3.0                                  # softmax ignores the shift
    prompt = np.zeros((4000, 1), dtype=np.int64)
    out = model.generate(prompt, 2, greedy=False, random_state=0)
    assert out.shape == (4000, 3)
    np.testing.assert_array_equal(out[:, 0], 0)
    counts = np.bincount(out[:, 1:].ravel(), minlength=4)
    expected = p * counts.sum()
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < 16.27, (counts, expected)                                 # chi2(3) 99.9% quantile
    np.testing.assert_array_equal(out, model.generate(prompt, 2, greedy=False, random_state=0))
    np.testing.assert_array_equal(model.generate(prompt[:3], 2)[:, 1:], 0)    # greedy: the most likely token


def test_mini_transformer_grad_check():
    r = np.random.default_rng(8)
    model = MiniTransformer(5, d_model=4, n_heads=2, n_layers=1, d_ff=6, max_len=6, activation="gelu",
                            random_state=8)
    for p in model.parameters():
        p.data = p.data + 0.3 * r.standard_normal(p.shape)
    tokens = r.integers(0, 5, (2, 5))
    assert grad_check(lambda *ps: model(tokens), *model.parameters()) < 1e-6


# ------------------------------------------------------------------ learning-rate schedule
@pytest.mark.parametrize("warmup, total, min_lr", [(5, 30, 0.0), (2, 9, 0.01), (0, 12, 0.02), (7, 7, 0.0)])
def test_warmup_cosine_like_torch_schedulers(warmup, total, min_lr):
    # torch: LinearLR from lr/warmup up to lr over the warmup steps, then CosineAnnealingLR down to min_lr
    p = Tensor(np.ones(1), requires_grad=True)
    opt = SGD([p], lr=0.5)
    sched = WarmupCosine(opt, warmup, total, min_lr=min_lr)
    ours = [opt.lr] + [sched.step() for _ in range(total)]
    tp = tnn.Parameter(torch.ones(1))
    topt = torch.optim.SGD([tp], lr=0.5)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(topt, T_max=max(1, total - warmup), eta_min=min_lr)
    if warmup:
        linear = torch.optim.lr_scheduler.LinearLR(topt, start_factor=1 / warmup, end_factor=1.0,
                                                   total_iters=max(1, warmup - 1))
        tsched = torch.optim.lr_scheduler.SequentialLR(topt, [linear, cosine], milestones=[warmup])
    else:
        tsched = cosine
    theirs = [topt.param_groups[0]["lr"]]
    for _ in range(total):
        topt.step()
        tsched.step()
        theirs.append(topt.param_groups[0]["lr"])
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)
    assert opt.lr == ours[-1]
    for _ in range(5):                                # past total_steps the rate stays at min_lr
        assert sched.step() == pytest.approx(min_lr, abs=1e-15)


def test_warmup_cosine_errors():
    opt = SGD([Tensor(np.ones(1), requires_grad=True)], lr=0.1)
    with pytest.raises(ValueError):
        WarmupCosine(opt, 10, 5)


# ------------------------------------------------------------------ training
def test_mini_transformer_learns_to_reverse():
    # sequences a_1..a_6 SEP a_6..a_1 over 7 symbols; the model is trained on next-token prediction of
    # the second half and scored on held-out sequences it never saw (chance is 1/7)
    vocab, k, sep = 8, 6, 7
    r = np.random.default_rng(0)
    a = np.unique(r.integers(0, 7, (3000, k)), axis=0)
    r.shuffle(a)
    seqs = np.concatenate([a, np.full((len(a), 1), sep), a[:, ::-1]], axis=1)
    test, train = seqs[:500], seqs[500:]
    model = MiniTransformer(vocab, d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=16, random_state=0)
    opt = AdamW(model.parameters(), lr=1e-2, weight_decay=0.0)

    def accuracy():
        with no_grad():
            return np.mean(model(test[:, :-1]).data[:, k:].argmax(axis=-1) == test[:, k + 1:])

    before = accuracy()
    for _ in range(200):
        x = train[r.integers(0, len(train), 32)]
        loss = F.cross_entropy(model(x[:, :-1])[:, k:].reshape(-1, vocab), x[:, k + 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    after = accuracy()
    assert before < 0.4 and after >= 0.95, (before, after)
