"""mlfp.linear_model against scikit-learn: fit time and held-out score.

Targets (chapters 8 and 9): LinearRegression, Ridge and LogisticRegression fit within 2x of
scikit-learn's time, with held-out accuracy (classifiers) or R^2 x 100 (regressors) within one
point. Lasso and PoissonRegressor are reported too. Both sides get the same hyper-parameters
and tolerances, one BLAS thread, and the best CPU time of several fits.

Run alone with `python -m benchmarks.bench_linear_model`, or with every benchmark via
`python -m benchmarks`.
"""
import warnings

import numpy as np

from benchmarks._timing import best_fit_times, markdown_table as _table, standardise

TARGETS = ("LinearRegression", "Ridge", "LogisticRegression")


def _datasets():
    import statsmodels.api as sm
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits
    from sklearn.model_selection import train_test_split

    out = {}
    X, y = load_diabetes(return_X_y=True)
    out["diabetes"] = train_test_split(X, y, test_size=0.25, random_state=0)
    rng = np.random.default_rng(0)
    for name, (n, d) in (("synthetic 20000x50", (20000, 50)), ("synthetic 5000x200", (5000, 200))):
        X = rng.standard_normal((n, d))
        y = X @ rng.standard_normal(d) + 5.0 * rng.standard_normal(n)
        out[name] = train_test_split(X, y, test_size=0.25, random_state=0)
    X, y = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    out["breast cancer"] = (*standardise(X_tr, X_te), y_tr, y_te)
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X / 16.0, y, test_size=0.25, stratify=y, random_state=0)
    out["digits"] = (X_tr, X_te, y_tr, y_te)
    rh = sm.datasets.randhie.load_pandas()
    out["RAND HIE visits"] = train_test_split(rh.exog.to_numpy(float), rh.endog.to_numpy(float),
                                              test_size=0.25, random_state=0)
    return out


def _cases():
    import sklearn.linear_model as sk

    import mlfp.linear_model as ml

    lr = dict(C=1.0, tol=1e-4, max_iter=1000)
    return [
        ("LinearRegression", "diabetes", lambda: ml.LinearRegression(), lambda: sk.LinearRegression()),
        ("LinearRegression", "synthetic 20000x50", lambda: ml.LinearRegression(), lambda: sk.LinearRegression()),
        ("LinearRegression", "synthetic 5000x200", lambda: ml.LinearRegression(), lambda: sk.LinearRegression()),
        ("Ridge", "diabetes", lambda: ml.Ridge(alpha=0.1), lambda: sk.Ridge(alpha=0.1)),
        ("Ridge", "synthetic 20000x50", lambda: ml.Ridge(alpha=10.0), lambda: sk.Ridge(alpha=10.0)),
        ("Ridge", "synthetic 5000x200", lambda: ml.Ridge(alpha=10.0), lambda: sk.Ridge(alpha=10.0)),
        ("LogisticRegression", "breast cancer", lambda: ml.LogisticRegression(**lr),
         lambda: sk.LogisticRegression(**lr)),
        ("LogisticRegression (newton)", "breast cancer", lambda: ml.LogisticRegression(solver="newton", **lr),
         lambda: sk.LogisticRegression(**lr)),
        ("LogisticRegression", "digits", lambda: ml.LogisticRegression(**lr), lambda: sk.LogisticRegression(**lr)),
        ("Lasso", "diabetes", lambda: ml.Lasso(alpha=0.1), lambda: sk.Lasso(alpha=0.1)),
        ("PoissonRegressor", "RAND HIE visits", lambda: ml.PoissonRegressor(alpha=1e-3),
         lambda: sk.PoissonRegressor(alpha=1e-3)),
    ]


def run(repeats=5):
    """Rows (dicts): estimator, dataset, fit times, their ratio, held-out scores (points)."""
    data = _datasets()
    rows = []
    for label, dname, ours_make, ref_make in _cases():
        X_tr, X_te, y_tr, y_te = data[dname]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            (t_ours, t_ref), (ours, ref) = best_fit_times([ours_make, ref_make], X_tr, y_tr, repeats)
        rows.append(dict(estimator=label, dataset=dname, ours_s=t_ours, sklearn_s=t_ref, ratio=t_ours / t_ref,
                         ours_score=100 * ours.score(X_te, y_te), sklearn_score=100 * ref.score(X_te, y_te)))
    return rows


def _meets_target(r):
    if r["estimator"].split(" ")[0] not in TARGETS:
        return "(reported)"
    ok = r["ratio"] <= 2.0 and abs(r["ours_score"] - r["sklearn_score"]) <= 1.0
    return "yes" if ok else "NO"


def markdown_table(rows):
    header = ["estimator", "dataset", "our fit (CPU s)", "sklearn fit (CPU s)", "ratio", "our score",
              "sklearn score", "within 2x and 1 point"]
    cells = [[r["estimator"], r["dataset"], f"{r['ours_s']:.4f}", f"{r['sklearn_s']:.4f}", f"{r['ratio']:.2f}",
              f"{r['ours_score']:.2f}", f"{r['sklearn_score']:.2f}", _meets_target(r)] for r in rows]
    return (_table(header, cells) + "\n\nScores are held-out accuracy (classifiers), R^2 (regressors) "
            "or D^2 (Poisson), x 100.")


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
