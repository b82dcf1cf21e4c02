"""Tests for mlfp.nn.conv (chapter 18): conv2d, max_pool2d, avg_pool2d and the modules.

Oracles: torch.nn.functional (same inputs and weights, float64), central finite
differences (mlfp.nn.grad_check), and exact shifts for translation equivariance.
"""
import math
import time

import numpy as np
import pytest

from mlfp.nn import (Adam, AvgPool2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, Tensor,
                     avg_pool2d, col2im, conv2d, conv_output_size, grad_check, im2col, max_pool2d)
from mlfp.nn.functional import cross_entropy

torch = pytest.importorskip("torch", reason="PyTorch is the oracle for the convolution tests")
TF = torch.nn.functional

CONV_CASES = [  # (N, C, H, W), (O, kh, kw), stride, padding
    ((2, 3, 7, 6), (4, 3, 3), 1, 0),
    ((1, 1, 5, 5), (2, 5, 5), 1, 0),          # kernel as large as the input
    ((3, 2, 8, 8), (5, 3, 3), 1, 1),          # "same" padding
    ((2, 3, 9, 7), (4, 3, 2), (2, 1), (1, 2)),  # non-square kernel, stride and padding
    ((2, 4, 10, 11), (3, 1, 1), 2, 0),        # 1x1 kernel with stride
    ((1, 2, 6, 9), (2, 2, 4), 3, (0, 1)),
]


def _ours_and_torch(x, w, b, stride, padding, g):
    X, W, B = (Tensor(a.copy(), requires_grad=True) for a in (x, w, b))
    y = conv2d(X, W, B, stride=stride, padding=padding)
    y.backward(g)
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    ty = TF.conv2d(tx, tw, tb, stride=stride, padding=padding)
    ty.backward(torch.tensor(g))
    return (y.data, X.grad, W.grad, B.grad), tuple(t.detach().numpy() for t in (ty, tx.grad, tw.grad, tb.grad))


@pytest.mark.parametrize("x_shape, w_spec, stride, padding", CONV_CASES)
def test_conv2d_forward_and_gradients_match_torch(x_shape, w_spec, stride, padding):
    rng = np.random.default_rng(0)
    o, kh, kw = w_spec
    x = rng.standard_normal(x_shape)
    w = rng.standard_normal((o, x_shape[1], kh, kw))
    b = rng.standard_normal(o)
    out_shape = TF.conv2d(torch.tensor(x), torch.tensor(w), stride=stride, padding=padding).shape
    g = rng.standard_normal(tuple(out_shape))
    ours, theirs = _ours_and_torch(x, w, b, stride, padding, g)
    for name, a, t in zip(("output", "grad x", "grad weight", "grad bias"), ours, theirs):
        assert a.shape == t.shape, name
        np.testing.assert_allclose(a, t, rtol=1e-10, atol=1e-12, err_msg=name)


def test_conv2d_without_bias_and_float32():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 6, 6)).astype(np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    y = conv2d(x, w, padding=1)
    assert y.data.dtype == np.float32
    ref = TF.conv2d(torch.tensor(x), torch.tensor(w), padding=1).numpy()
    np.testing.assert_allclose(y.data, ref, rtol=1e-5, atol=1e-5)


def test_conv2d_finite_differences():
    rng = np.random.default_rng(2)
    X = Tensor(rng.standard_normal((2, 2, 6, 5)), requires_grad=True)
    W = Tensor(rng.standard_normal((3, 2, 3, 2)), requires_grad=True)
    B = Tensor(rng.standard_normal(3), requires_grad=True)
    assert grad_check(lambda a, b, c: conv2d(a, b, c, stride=(2, 1), padding=1), X, W, B) < 1e-7


def test_im2col_and_col2im_are_adjoint():
    """<im2col(x), C> = <x, col2im(C)> for every x and C: col2im is the transpose of the unfolding."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 7, 8))
    U = im2col(x, (3, 2), stride=(2, 1), padding=(1, 0))
    C = rng.standard_normal(U.shape)
    lhs = np.sum(U * C)
    rhs = np.sum(x * col2im(C, x.shape, (3, 2), stride=(2, 1), padding=(1, 0)))
    assert lhs == pytest.approx(rhs, rel=1e-12)
    ho, wo = conv_output_size(7, 3, 2, 1), conv_output_size(8, 2, 1, 0)
    assert U.shape == (2 * ho * wo, 3 * 3 * 2)
    # torch's unfold holds the same numbers, as (N, C kh kw, L)
    ref = TF.unfold(torch.tensor(x), (3, 2), padding=(1, 0), stride=(2, 1)).numpy()
    np.testing.assert_array_equal(U, ref.transpose(0, 2, 1).reshape(U.shape))


def test_col2im_rejects_wrong_shape():
    with pytest.raises(ValueError, match=r"\(5, 9\).*\(1, 1, 4, 4\)"):
        col2im(np.zeros((5, 9)), (1, 1, 4, 4), 3)


@pytest.mark.parametrize("kernel, stride", [(2, None), (3, 2), (2, 1), ((2, 3), (1, 2)), (3, 3)])
def test_max_pool_matches_torch_including_ties(kernel, stride):
    rng = np.random.default_rng(4)
    for x in (rng.standard_normal((2, 3, 9, 8)), rng.integers(0, 3, (2, 3, 9, 8)).astype(float)):
        X = Tensor(x, requires_grad=True)
        y = max_pool2d(X, kernel, stride)
        g = rng.standard_normal(y.shape)
        y.backward(g)
        tx = torch.tensor(x, requires_grad=True)
        ty = TF.max_pool2d(tx, kernel, stride)
        ty.backward(torch.tensor(g))
        np.testing.assert_array_equal(y.data, ty.detach().numpy())
        np.testing.assert_allclose(X.grad, tx.grad.numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("kernel, stride", [(2, None), (3, 2), ((2, 3), (1, 2))])
def test_avg_pool_matches_torch(kernel, stride):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 9, 8))
    X = Tensor(x, requires_grad=True)
    y = avg_pool2d(X, kernel, stride)
    g = rng.standard_normal(y.shape)
    y.backward(g)
    tx = torch.tensor(x, requires_grad=True)
    ty = TF.avg_pool2d(tx, kernel, stride)
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(X.grad, tx.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_pooling_finite_differences():
    rng = np.random.default_rng(6)
    X = Tensor(rng.standard_normal((2, 2, 7, 6)), requires_grad=True)   # distinct values: no ties
    assert grad_check(lambda a: max_pool2d(a, 3, 2), X) < 1e-7
    assert grad_check(lambda a: avg_pool2d(a, (2, 3), 1), X) < 1e-7


def test_translation_equivariance():
    """Away from the borders, conv(shift x) = shift conv(x); max pooling commutes with shifts by its stride."""
    rng = np.random.default_rng(7)
    x = np.zeros((1, 2, 16, 16))
    x[:, :, 4:11, 4:11] = rng.standard_normal((1, 2, 7, 7))          # content far from the borders
    w = rng.standard_normal((3, 2, 3, 3))
    shifted = np.roll(x, (1, 2), axis=(2, 3))
    y, y_shift = conv2d(x, w, padding=1).data, conv2d(shifted, w, padding=1).data
    np.testing.assert_allclose(y_shift, np.roll(y, (1, 2), axis=(2, 3)), atol=1e-12)
    p, p_shift = max_pool2d(y, 2).data, max_pool2d(np.roll(y, (2, 2), axis=(2, 3)), 2).data
    np.testing.assert_allclose(p_shift, np.roll(p, (1, 1), axis=(2, 3)), atol=0)
    # a one-pixel shift is not a shift of the pooled map (the stride is 2)
    p_one = max_pool2d(np.roll(y, 1, axis=3), 2).data
    assert not any(np.allclose(p_one, np.roll(p, t, axis=3)) for t in range(-2, 3))


def test_conv2d_module_initialisation_as_pytorch():
    layer = Conv2d(3, 64, (3, 5), random_state=0)
    bound = 1 / math.sqrt(3 * 3 * 5)
    w, b = layer.weight.data, layer.bias.data
    assert w.shape == (64, 3, 3, 5) and b.shape == (64,)
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    assert np.abs(w).max() > 0.95 * bound                               # fills the interval
    assert w.var() == pytest.approx(bound ** 2 / 3, rel=0.1)            # the variance of U(-bound, bound)
    t = torch.nn.Conv2d(3, 64, (3, 5))
    t_bound = t.weight.detach().abs().max().item()
    assert t_bound <= bound and t_bound > 0.95 * bound                   # PyTorch's interval is the same
    assert len(layer.parameters()) == 2 and len(Conv2d(1, 2, 3, bias=False).parameters()) == 1
    assert np.array_equal(Conv2d(3, 4, 3, random_state=1).weight.data, Conv2d(3, 4, 3, random_state=1).weight.data)


def test_modules_match_torch_modules():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((2, 3, 9, 9))
    conv = Conv2d(3, 4, 3, stride=2, padding=1, random_state=0)
    t = torch.nn.Conv2d(3, 4, 3, stride=2, padding=1, dtype=torch.float64)
    with torch.no_grad():
        t.weight.copy_(torch.tensor(conv.weight.data))
        t.bias.copy_(torch.tensor(conv.bias.data))
    ours = Flatten()(MaxPool2d(2)(conv(x))).data
    ref = torch.nn.Flatten()(torch.nn.MaxPool2d(2)(t(torch.tensor(x)))).detach().numpy()
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-13)
    avg = AvgPool2d(3, 1)(x).data
    np.testing.assert_allclose(avg, torch.nn.AvgPool2d(3, 1)(torch.tensor(x)).numpy(), rtol=1e-12)


def test_bad_input():
    x = np.zeros((2, 3, 8, 8))
    with pytest.raises(ValueError, match=r"\(2, 3, 8, 8\).*\(4, 2, 3, 3\)"):
        conv2d(x, np.zeros((4, 2, 3, 3)))                               # channel mismatch names both shapes
    with pytest.raises(ValueError, match="4-D"):
        conv2d(np.zeros((3, 8, 8)), np.zeros((4, 3, 3, 3)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv2d(x, np.zeros((4, 3, 11, 3)), padding=1)
    with pytest.raises(ValueError, match="bias"):
        conv2d(x, np.zeros((4, 3, 3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="stride"):
        conv2d(x, np.zeros((4, 3, 3, 3)), stride=0)
    with pytest.raises(ValueError, match="padding"):
        conv2d(x, np.zeros((4, 3, 3, 3)), padding=(1, 2, 3))
    with pytest.raises(ValueError, match="kernel_size"):
        Conv2d(3, 4, 1.5)
    with pytest.raises(ValueError, match="in_channels"):
        Conv2d(0, 4, 3)
    with pytest.raises(ValueError, match="4-D"):
        max_pool2d(np.zeros((8, 8)), 2)
    with pytest.raises(ValueError, match="larger than the padded input"):
        max_pool2d(np.zeros((1, 1, 2, 2)), 3)


def test_edge_cases():
    # a 1x1 kernel is a per-pixel linear map over channels
    rng = np.random.default_rng(9)
    x, w = rng.standard_normal((2, 3, 4, 5)), rng.standard_normal((6, 3, 1, 1))
    np.testing.assert_allclose(conv2d(x, w).data, np.einsum("oc,nchw->nohw", w[:, :, 0, 0], x), atol=1e-12)
    # one image, output of a single pixel, stride larger than the input
    y = conv2d(rng.standard_normal((1, 2, 3, 3)), rng.standard_normal((1, 2, 3, 3)), stride=5)
    assert y.shape == (1, 1, 1, 1)
    # an empty batch passes through with the right shape
    assert conv2d(np.zeros((0, 3, 5, 5)), np.zeros((2, 3, 3, 3))).shape == (0, 2, 3, 3)
    assert conv_output_size(8, 3, 1, 1) == 8 and conv_output_size(7, 3, 2, 0) == 3


def test_training_smoke_digits():
    """A small CNN learns the 8x8 digits: above 92% test accuracy after 5 epochs (about 1 s idle)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    d = load_digits()
    X = d.images[:, None] / 16.0
    X_tr, X_te, y_tr, y_te = train_test_split(X, d.target, test_size=0.25, stratify=d.target, random_state=0)
    r = np.random.default_rng(0)
    model = Sequential(Conv2d(1, 8, 3, padding=1, random_state=r), ReLU(), MaxPool2d(2),
                       Conv2d(8, 16, 3, padding=1, random_state=r), ReLU(), MaxPool2d(2),
                       Flatten(), Linear(64, 10, random_state=r))
    opt = Adam(model.parameters(), lr=3e-3)
    t0 = time.perf_counter()
    for _ in range(5):
        order = r.permutation(len(X_tr))
        for start in range(0, len(order), 32):
            idx = order[start:start + 32]
            opt.zero_grad()
            cross_entropy(model(Tensor(X_tr[idx])), y_tr[idx]).backward()
            opt.step()
    acc = np.mean(model(Tensor(X_te)).data.argmax(axis=1) == y_te)
    assert acc > 0.92
    assert time.perf_counter() - t0 < 10
