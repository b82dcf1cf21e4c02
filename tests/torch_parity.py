"""Shared by the PyTorch-parity tests of chapter 20: copy weights by name, compare gradients.

Import it after `pytest.importorskip("torch")`, so that a missing torch skips the test module.
"""
import numpy as np
import torch

GRAD = dict(rtol=1e-9, atol=1e-11)       # gradients, float64 in both libraries


def copy_params(ours, theirs, rng=None):
    """Copy our parameters (perturbed if rng is given) into the torch module, matched by name."""
    ours_p, theirs_p = dict(ours.named_parameters()), dict(theirs.named_parameters())
    assert sorted(ours_p) == sorted(theirs_p)
    for name, p in ours_p.items():
        assert p.shape == tuple(theirs_p[name].shape), name
        if rng is not None:
            p.data = p.data + 0.3 * rng.standard_normal(p.shape)
        with torch.no_grad():
            theirs_p[name].copy_(torch.from_numpy(p.data))


def assert_param_grads(ours, theirs, **tol):
    """Every parameter's gradient equals torch's, parameter by parameter (GRAD unless given)."""
    theirs_p = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        assert p.grad is not None, name
        np.testing.assert_allclose(p.grad, theirs_p[name].grad.numpy(), err_msg=name, **(tol or GRAD))
