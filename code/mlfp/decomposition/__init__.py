# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.decomposition (from chapters/01-foundations/06-pca-vs-autoencoder.pmd)."""
from .autoencoder import Autoencoder
from .pca import PCA, reconstruction_error, principal_angles

__all__ = ['Autoencoder', 'PCA', 'reconstruction_error', 'principal_angles']
