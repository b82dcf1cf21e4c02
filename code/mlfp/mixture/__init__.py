# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.mixture (from chapters/02-classical/14-unsupervised-learning.pmd)."""
from .gaussian_mixture import GaussianMixture

__all__ = ['GaussianMixture']
