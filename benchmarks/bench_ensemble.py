"""mlfp.ensemble against scikit-learn: fit time and held-out score on bundled data.

Run `python -m benchmarks` (all benchmarks) or `python -m benchmarks.bench_ensemble`.
Chapter 11 prints the table that `run()` returns (there with one timing per estimator and
a single held-out split, to keep the chapter quick).
"""
from benchmarks._timing import best_fit_times
from benchmarks.bench_tree import cv_score, markdown_table  # noqa: F401  (markdown_table: chapter 11)


def _datasets():
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine

    return {"breast cancer": (*load_breast_cancer(return_X_y=True), "classifier"),
            "wine": (*load_wine(return_X_y=True), "classifier"),
            "diabetes": (*load_diabetes(return_X_y=True), "regressor")}


def _cases():
    """(label, dataset, ours, sklearn's) with the same hyper-parameters on both sides."""
    from sklearn import ensemble as sk

    from mlfp import ensemble as ours

    cases = []
    for data in ("breast cancer", "wine"):
        cases += [
            ("RandomForestClassifier(100 trees)", data,
             lambda: ours.RandomForestClassifier(n_estimators=100, random_state=0),
             lambda: sk.RandomForestClassifier(n_estimators=100, random_state=0)),
            ("AdaBoostClassifier(50 stumps)", data,
             lambda: ours.AdaBoostClassifier(n_estimators=50),
             lambda: sk.AdaBoostClassifier(n_estimators=50, random_state=0)),
            ("GradientBoostingClassifier(100 x depth 3)", data,
             lambda: ours.GradientBoostingClassifier(random_state=0),
             lambda: sk.GradientBoostingClassifier(random_state=0)),
        ]
    cases += [
        ("RandomForestRegressor(100 trees, sqrt)", "diabetes",
         lambda: ours.RandomForestRegressor(n_estimators=100, max_features="sqrt", random_state=0),
         lambda: sk.RandomForestRegressor(n_estimators=100, max_features="sqrt", random_state=0)),
        ("RandomForestRegressor(100 trees, all features)", "diabetes",
         lambda: ours.RandomForestRegressor(n_estimators=100, max_features=1.0, random_state=0),
         lambda: sk.RandomForestRegressor(n_estimators=100, max_features=1.0, random_state=0)),
        ("GradientBoostingRegressor(100 x depth 3)", "diabetes",
         lambda: ours.GradientBoostingRegressor(random_state=0),
         lambda: sk.GradientBoostingRegressor(random_state=0)),
    ]
    return cases


def run(repeat=3, n_splits=5, skip=()):
    """One row per case (except those in `skip`: labels, or (label, dataset) pairs). Times: best of `repeat` fits on the whole
    data set, ours and sklearn's interleaved. Scores: mean over `n_splits`-fold
    cross-validation, or, with n_splits=None, on one 75/25 split, using the (timed) fits on
    its training part."""
    from sklearn.model_selection import train_test_split

    data = _datasets()
    rows = []
    for label, name, ours, theirs in _cases():
        if label in skip or (label, name) in skip:
            continue
        X, y, kind = data[name]
        if n_splits is None:
            strat = y if kind == "classifier" else None
            Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, stratify=strat, random_state=0)
            (t_ours, t_ref), fitted = best_fit_times([ours, theirs], Xtr, ytr, repeat)
            scores = [est.score(Xte, yte) for est in fitted]
        else:
            (t_ours, t_ref), _ = best_fit_times([ours, theirs], X, y, repeat)
            scores = [cv_score(ours, X, y, kind, n_splits), cv_score(theirs, X, y, kind, n_splits)]
        rows.append(dict(estimator=label, dataset=name, ours_s=t_ours, sklearn_s=t_ref,
                         ratio=t_ours / t_ref, ours=float(scores[0]), sklearn=float(scores[1]),
                         metric="accuracy" if kind == "classifier" else "R²"))
    return rows


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
