"""mlfp.tree against scikit-learn: fit time and cross-validated score on bundled data.

Run `python -m benchmarks` (all benchmarks) or `python -m benchmarks.bench_tree`.
Chapter 10 prints the table that `run()` returns.
"""
import numpy as np

from benchmarks._timing import best_fit_times, markdown_table as _table


def _datasets():
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_wine

    return [("breast cancer", load_breast_cancer(return_X_y=True), "classifier"),
            ("wine", load_wine(return_X_y=True), "classifier"),
            ("digits", load_digits(return_X_y=True), "classifier"),
            ("diabetes", load_diabetes(return_X_y=True), "regressor")]


def cv_score(make, X, y, kind, n_splits=5):
    """Mean held-out score (accuracy or R^2) over the same folds for every estimator."""
    from sklearn.model_selection import KFold, StratifiedKFold

    cv = (StratifiedKFold if kind == "classifier" else KFold)(n_splits, shuffle=True, random_state=0)
    return float(np.mean([make().fit(X[tr], y[tr]).score(X[te], y[te]) for tr, te in cv.split(X, y)]))


def compare(name, dataset, X, y, kind, ours, theirs, repeat=5, n_splits=5):
    """One table row: fit times (best of `repeat`), their ratio, and the CV scores."""
    (t_ours, t_ref), _ = best_fit_times([ours, theirs], X, y, repeat)
    return dict(estimator=name, dataset=dataset, ours_s=t_ours, sklearn_s=t_ref,
                ratio=t_ours / t_ref, ours=cv_score(ours, X, y, kind, n_splits),
                sklearn=cv_score(theirs, X, y, kind, n_splits),
                metric="accuracy" if kind == "classifier" else "R²")


def run(repeat=5, n_splits=5, datasets=None):
    """Rows of the comparison table: default trees, and a regression tree with
    min_samples_leaf=5 (a fully grown regression tree's held-out score is dominated by
    how ties between equally good splits are broken, see chapter 10)."""
    from sklearn import tree as sk

    from mlfp.tree import DecisionTreeClassifier, DecisionTreeRegressor

    rows = []
    for name, (X, y), kind in _datasets():
        if datasets is not None and name not in datasets:
            continue
        if kind == "classifier":
            rows.append(compare("DecisionTreeClassifier()", name, X, y, kind,
                                lambda: DecisionTreeClassifier(random_state=0),
                                lambda: sk.DecisionTreeClassifier(random_state=0), repeat, n_splits))
            continue
        for leaf in (1, 5):
            label = "DecisionTreeRegressor()" if leaf == 1 else f"DecisionTreeRegressor(min_samples_leaf={leaf})"
            rows.append(compare(label, name, X, y, kind,
                                lambda: DecisionTreeRegressor(min_samples_leaf=leaf, random_state=0),
                                lambda: sk.DecisionTreeRegressor(min_samples_leaf=leaf, random_state=0),
                                repeat, n_splits))
    return rows


def markdown_table(rows):
    header = ["estimator", "dataset", "our fit (CPU s)", "sklearn fit (CPU s)", "ratio", "our score",
              "sklearn's score", "metric"]
    return _table(header, [[r["estimator"], r["dataset"], f"{r['ours_s']:.4f}", f"{r['sklearn_s']:.4f}",
                            f"{r['ratio']:.1f}", f"{r['ours']:.3f}", f"{r['sklearn']:.3f}", r["metric"]]
                           for r in rows])


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
