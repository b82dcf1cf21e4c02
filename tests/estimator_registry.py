"""Every mlfp estimator, for tests/test_common_estimators.py.

Append a block per module: import the estimators, then add
`(constructor, kind)` pairs, kind in {"classifier", "regressor", "transformer",
"clusterer"}. Use small, fast settings and a fixed random_state where the
estimator has one. Edit by appending; do not rewrite other blocks.
"""
ESTIMATORS = []
