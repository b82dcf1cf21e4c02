# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.data (from chapters/01-foundations/06-pca-vs-autoencoder.pmd)."""
from .synthetic import make_circle_manifold

__all__ = ['make_circle_manifold']
