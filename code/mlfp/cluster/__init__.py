# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.cluster (from chapters/02-classical/14-unsupervised-learning.pmd)."""
from .agglomerative import AgglomerativeClustering
from .dbscan import DBSCAN
from .kmeans import kmeans_plusplus, KMeans

__all__ = ['AgglomerativeClustering', 'DBSCAN', 'kmeans_plusplus', 'KMeans']
