# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:1450
"""Random test matrices: Haar orthogonal, and prescribed singular values."""
import numbers

import numpy as np

from mlfp._validation import check_random_state, check_scalar
from mlfp.linalg.qr import qr


def random_orthogonal(n, random_state=None):
    """An n x n orthogonal matrix drawn from the Haar (uniform) distribution."""
    check_scalar(n, "n", numbers.Integral, low=1)
    Q, R = qr(check_random_state(random_state).standard_normal((n, n)))
    return Q * np.where(np.diag(R) < 0, -1.0, 1.0)


def matrix_with_condition(m, n, cond, random_state=None):
    """An m x n matrix with singular values geomspace(1, 1/cond, min(m, n)) and random singular vectors."""
    check_scalar(cond, "cond", low=1)
    rng = check_random_state(random_state)
    k = min(m, n)
    U = random_orthogonal(m, rng)[:, :k]
    V = random_orthogonal(n, rng)[:, :k]
    return (U * np.geomspace(1.0, 1.0 / cond, k)) @ V.T
