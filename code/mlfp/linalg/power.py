# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:1411
"""Power iteration for the eigenvalue of largest magnitude."""
import numbers
import warnings

import numpy as np

from mlfp._validation import check_random_state, check_scalar, check_square
from mlfp.exceptions import ConvergenceWarning


def power_iteration(A, max_iter=1000, tol=1e-10, random_state=None, return_n_iter=False):
    """(lam, v): the eigenvalue of largest magnitude and a unit eigenvector, by repeated A @ v."""
    A = check_square(A)
    check_scalar(max_iter, "max_iter", numbers.Integral, low=1)
    check_scalar(tol, "tol", low=0)
    v = check_random_state(random_state).standard_normal(A.shape[0])
    v /= np.sqrt(v @ v)
    for it in range(1, max_iter + 1):
        Av = A @ v
        lam = v @ Av                                  # Rayleigh quotient of the unit vector v
        residual = np.sqrt(np.sum((Av - lam * v) ** 2))
        if residual <= tol * abs(lam) or residual == 0:
            break
        v = Av / np.sqrt(Av @ Av)
    else:
        warnings.warn(f"power_iteration: residual {residual:.2e} after {max_iter} iterations "
                      f"(|lambda_2 / lambda_1| may be close to 1)", ConvergenceWarning)
    return (lam, v, it) if return_n_iter else (lam, v)
