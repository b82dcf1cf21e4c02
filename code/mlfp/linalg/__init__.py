# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.linalg (from chapters/01-foundations/02-linear-algebra.pmd)."""
from .cholesky import cholesky
from .eigh import eigh
from .generators import random_orthogonal, matrix_with_condition
from .lu import lu
from .power import power_iteration
from .qr import qr
from .solve import solve, lstsq
from .svd import svd
from .triangular import forward_substitution, back_substitution

__all__ = ['cholesky', 'eigh', 'random_orthogonal', 'matrix_with_condition', 'lu', 'power_iteration', 'qr', 'solve', 'lstsq', 'svd', 'forward_substitution', 'back_substitution']
