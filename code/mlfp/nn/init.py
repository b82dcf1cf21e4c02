# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/17-multilayer-perceptrons.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/17-multilayer-perceptrons.pmd:467
"""Weight initialisation: Xavier (Glorot) and Kaiming (He) schemes, as in torch.nn.init."""
import math

import numpy as np

from mlfp._validation import check_random_state

__all__ = ["calculate_gain", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal"]

_GAINS = {"linear": 1.0, "identity": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": math.sqrt(2.0)}


def calculate_gain(nonlinearity, param=None):
    """The factor by which a nonlinearity's initial weights are scaled (torch.nn.init.calculate_gain)."""
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + slope ** 2))
    if nonlinearity not in _GAINS:
        raise ValueError(f"unknown nonlinearity {nonlinearity!r}; known: {sorted(_GAINS) + ['leaky_relu']}")
    return _GAINS[nonlinearity]


def _fans(tensor):
    if tensor.ndim < 2:
        raise ValueError(f"fan-in and fan-out need a weight with at least 2 axes, got shape {tensor.shape}")
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fill(tensor, values):
    tensor.data = values.astype(tensor.data.dtype, copy=False)
    return tensor


def uniform(tensor, low, high, random_state=None):
    return _fill(tensor, check_random_state(random_state).uniform(low, high, tensor.shape))


def normal(tensor, mean=0.0, std=1.0, random_state=None):
    return _fill(tensor, check_random_state(random_state).normal(mean, std, tensor.shape))


def constant(tensor, value):
    return _fill(tensor, np.full(tensor.shape, float(value)))


def xavier_uniform(tensor, gain=1.0, random_state=None):
    """U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)): variance gain^2 * 2 / (fan_in + fan_out)."""
    fan_in, fan_out = _fans(tensor)
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform(tensor, -a, a, random_state)


def xavier_normal(tensor, gain=1.0, random_state=None):
    fan_in, fan_out = _fans(tensor)
    return normal(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), random_state)


def _kaiming_std(tensor, a, mode, nonlinearity):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan = _fans(tensor)[0 if mode == "fan_in" else 1]
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", random_state=None):
    """U(-b, b) with b = gain * sqrt(3 / fan): variance gain^2 / fan (2 / fan_in for ReLU)."""
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform(tensor, -bound, bound, random_state)


def kaiming_normal(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", random_state=None):
    return normal(tensor, 0.0, _kaiming_std(tensor, a, mode, nonlinearity), random_state)
