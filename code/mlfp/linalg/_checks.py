# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:377
"""Input checks shared by the mlfp.linalg modules."""
import numpy as np

from mlfp._validation import check_array, check_square


def _check_symmetric(A, name="A"):
    """A finite, square, symmetric float matrix (to rounding), returned symmetrised."""
    A = check_square(A, name=name)
    scale = np.abs(A).max()
    asymmetry = np.abs(A - A.T).max()
    if asymmetry > np.sqrt(np.finfo(float).eps) * scale:
        raise ValueError(f"{name} must be symmetric: max |{name} - {name}.T| = {asymmetry:.3g} "
                         f"while max |{name}| = {scale:.3g}")
    return (A + A.T) / 2


def _check_rhs(b, n_rows, name="b"):
    """A finite 1-D (one right-hand side) or 2-D (one per column) array with n_rows rows."""
    b = check_array(b, name=name, ndim=None)
    if b.ndim not in (1, 2):
        raise ValueError(f"{name} must be 1-D or 2-D, got {b.ndim}-D with shape {b.shape}")
    if b.shape[0] != n_rows:
        raise ValueError(f"{name} has {b.shape[0]} rows but the matrix has {n_rows}")
    return b
