# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/06-pca-vs-autoencoder.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/06-pca-vs-autoencoder.pmd:292
"""Seeded synthetic data sets, each built to expose one behaviour of a method."""
import numbers

import numpy as np

from mlfp._validation import check_random_state, check_scalar
from mlfp.linalg import qr


def make_circle_manifold(n_samples=500, n_features=20, n_harmonics=3, arc=1.0, noise=0.05,
                         random_state=None):
    """Noisy points near a closed curve in R^n_features; returns X (n_samples, n_features), t.

    An angle t ~ Uniform[0, 2 pi arc) is mapped to (cos t, sin t, cos 2t / 2, sin 2t / 2, ...,
    cos mt / m, sin mt / m) with m = n_harmonics, then by a random matrix with orthonormal
    columns into R^n_features; Gaussian noise of standard deviation `noise` is added to every
    coordinate. With n_harmonics = 1 the curve is a circle of radius 1 in a random plane.
    """
    check_scalar(n_samples, "n_samples", numbers.Integral, low=1)
    check_scalar(n_harmonics, "n_harmonics", numbers.Integral, low=1)
    check_scalar(n_features, "n_features", numbers.Integral, low=2 * n_harmonics)
    check_scalar(arc, "arc", low=0.0, high=1.0, low_open=True)
    check_scalar(noise, "noise", low=0.0)
    rng = check_random_state(random_state)
    t = rng.uniform(0.0, 2.0 * np.pi * arc, n_samples)
    j = np.arange(1, n_harmonics + 1)
    curve = np.empty((n_samples, 2 * n_harmonics))
    curve[:, 0::2] = np.cos(np.outer(t, j)) / j
    curve[:, 1::2] = np.sin(np.outer(t, j)) / j
    Q, _ = qr(rng.standard_normal((n_features, 2 * n_harmonics)))
    X = curve @ Q.T + noise * rng.standard_normal((n_samples, n_features))
    return X, t
