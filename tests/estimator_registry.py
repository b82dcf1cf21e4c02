"""Every mlfp estimator, for tests/test_common_estimators.py.

Append a block per module: import the estimators, then add
`(constructor, kind)` pairs, kind in {"classifier", "regressor", "transformer",
"clusterer"}. Use small, fast settings and a fixed random_state where the
estimator has one. Edit by appending; do not rewrite other blocks.
"""
ESTIMATORS = []

# mlfp.svm (chapter 12)
from mlfp.svm import SVC, KernelRidge  # noqa: E402

ESTIMATORS += [
    (lambda: SVC(kernel="rbf"), "classifier"),
    (lambda: SVC(kernel="linear", C=0.5), "classifier"),
    (lambda: SVC(kernel="poly", degree=2), "classifier"),
    (lambda: KernelRidge(alpha=1.0, kernel="rbf", gamma=0.1), "regressor"),
    (lambda: KernelRidge(alpha=0.5), "regressor"),
]

# mlfp.tree (chapter 10)
from mlfp.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402

ESTIMATORS += [
    # leaves of >= 3-5 samples: no 50/50 leaves on the shared test data, whose tie would be
    # broken towards a different label when the labels are renamed
    (lambda: DecisionTreeClassifier(max_depth=3, min_samples_leaf=5, random_state=0), "classifier"),
    (lambda: DecisionTreeClassifier(criterion="entropy", ccp_alpha=0.01, random_state=0), "classifier"),
    (lambda: DecisionTreeClassifier(max_features="sqrt", min_samples_leaf=3, random_state=0), "classifier"),
    (lambda: DecisionTreeRegressor(max_depth=3, random_state=0), "regressor"),
    (lambda: DecisionTreeRegressor(min_samples_leaf=3, ccp_alpha=1.0, random_state=0), "regressor"),
]

# mlfp.neighbors (chapter 13)
from mlfp.neighbors import KNeighborsClassifier  # noqa: E402

ESTIMATORS += [
    (lambda: KNeighborsClassifier(n_neighbors=5), "classifier"),
    (lambda: KNeighborsClassifier(n_neighbors=3, algorithm="kd_tree", leaf_size=8), "classifier"),
]

# mlfp.cluster and mlfp.mixture (chapter 14)
from mlfp.cluster import DBSCAN, AgglomerativeClustering, KMeans  # noqa: E402
from mlfp.mixture import GaussianMixture  # noqa: E402

ESTIMATORS += [
    (lambda: KMeans(n_clusters=3, n_init=3, random_state=0), "clusterer"),
    (lambda: KMeans(n_clusters=2, init="random", n_init=2, random_state=0), "clusterer"),
    (lambda: AgglomerativeClustering(n_clusters=3, linkage="ward"), "clusterer"),
    (lambda: AgglomerativeClustering(n_clusters=2, linkage="single"), "clusterer"),
    (lambda: DBSCAN(eps=0.8, min_samples=5), "clusterer"),
    (lambda: GaussianMixture(n_components=3, random_state=0), "clusterer"),
    (lambda: GaussianMixture(n_components=2, covariance_type="diag", random_state=0), "clusterer"),
]

# mlfp.ensemble (chapter 11)
from mlfp.ensemble import (AdaBoostClassifier, GradientBoostingClassifier,  # noqa: E402
                           GradientBoostingRegressor, RandomForestClassifier,
                           RandomForestRegressor)

ESTIMATORS += [
    (lambda: RandomForestClassifier(n_estimators=10, min_samples_leaf=3, random_state=0), "classifier"),
    # an odd number of fully grown trees: the soft vote cannot tie at 0.5
    (lambda: RandomForestClassifier(n_estimators=11, oob_score=True, random_state=0), "classifier"),
    (lambda: RandomForestRegressor(n_estimators=10, random_state=0), "regressor"),
    (lambda: AdaBoostClassifier(n_estimators=10), "classifier"),
    (lambda: GradientBoostingClassifier(n_estimators=10, random_state=0), "classifier"),
    (lambda: GradientBoostingRegressor(n_estimators=10, subsample=0.8, random_state=0), "regressor"),
]

# mlfp.decomposition (chapter 6)
from mlfp.decomposition import PCA, Autoencoder  # noqa: E402

ESTIMATORS += [
    (lambda: PCA(n_components=3), "transformer"),
    (lambda: PCA(whiten=True, solver="eigh"), "transformer"),
    (lambda: Autoencoder(hidden_sizes=(8,), n_components=2, max_epochs=5, random_state=0), "transformer"),
    (lambda: Autoencoder(hidden_sizes=(), activation="linear", n_components=3, solver="sgd",
                         learning_rate=0.01, max_epochs=5, random_state=0), "transformer"),
]

# mlfp.linear_model (chapters 8 and 9)
from mlfp.linear_model import (ElasticNet, Lasso, LinearRegression, LogisticRegression,  # noqa: E402
                               PoissonRegressor, Ridge)

ESTIMATORS += [
    (lambda: LinearRegression(), "regressor"),
    (lambda: LinearRegression(solver="svd", fit_intercept=False), "regressor"),
    (lambda: LinearRegression(solver="normal"), "regressor"),
    (lambda: Ridge(alpha=0.5), "regressor"),
    (lambda: Ridge(alpha=2.0, solver="svd"), "regressor"),
    (lambda: Lasso(alpha=0.5), "regressor"),
    (lambda: ElasticNet(alpha=0.2, l1_ratio=0.3), "regressor"),
    (lambda: LogisticRegression(), "classifier"),
    (lambda: LogisticRegression(C=0.5, solver="newton"), "classifier"),
    (lambda: LogisticRegression(penalty=None, solver="newton", max_iter=50), "classifier"),
    (lambda: PoissonRegressor(alpha=0.1), "regressor"),
]
