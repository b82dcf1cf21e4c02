"""mlfp.neighbors.KNeighborsClassifier against scikit-learn's: fit and predict time, held-out accuracy.

Run alone with `python -m benchmarks.bench_neighbors`, or with every benchmark via
`python -m benchmarks`. Chapter 13 calls `run()` and prints `markdown_table()`.
"""
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "code"))


def _standardise(X_train, X_test):
    mean, sd = X_train.mean(axis=0), X_train.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    return (X_train - mean) / sd, (X_test - mean) / sd


def _datasets():
    from sklearn.datasets import load_breast_cancer, load_digits, load_wine
    from sklearn.model_selection import train_test_split

    out = {}
    for name, loader, scale in (("wine", load_wine, True), ("breast cancer", load_breast_cancer, True),
                                ("digits", load_digits, False)):
        X, y = loader(return_X_y=True)
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
        if scale:
            X_tr, X_te = _standardise(X_tr, X_te)
        out[name] = (X_tr, X_te, y_tr, y_te)
    return out


def _best(fn, repeats):
    """Best CPU time of the process over `repeats` calls, BLAS on one thread (see bench_svm)."""
    from threadpoolctl import threadpool_limits

    best = np.inf
    with threadpool_limits(1):
        for _ in range(repeats):
            t0 = time.process_time()
            fn()
            best = min(best, time.process_time() - t0)
    return best


def run(repeats=3, n_neighbors=5):
    """Rows (dicts): estimator, dataset, fit and predict times for both libraries, ratios, accuracies."""
    from sklearn.neighbors import KNeighborsClassifier as SkKNN

    from mlfp.neighbors import KNeighborsClassifier

    rows = []
    for dname, (X_tr, X_te, y_tr, y_te) in _datasets().items():
        for algorithm in ("brute", "kd_tree"):
            ours = KNeighborsClassifier(n_neighbors=n_neighbors, algorithm=algorithm)
            ref = SkKNN(n_neighbors=n_neighbors, algorithm=algorithm)
            fit_ours = _best(lambda: ours.fit(X_tr, y_tr), repeats)
            fit_ref = _best(lambda: ref.fit(X_tr, y_tr), repeats)
            pred_ours = _best(lambda: ours.predict(X_te), repeats)
            pred_ref = _best(lambda: ref.predict(X_te), repeats)
            rows.append(dict(estimator=f"KNN({algorithm})", dataset=dname, ours_s=fit_ours, sklearn_s=fit_ref,
                             ratio=fit_ours / fit_ref, ours_predict_s=pred_ours, sklearn_predict_s=pred_ref,
                             predict_ratio=pred_ours / pred_ref, ours_acc=ours.score(X_te, y_te),
                             sklearn_acc=ref.score(X_te, y_te)))
    return rows


def markdown_table(rows):
    lines = ["| estimator | dataset | our fit (CPU s) | sklearn fit (CPU s) | ratio | our predict (CPU s) | sklearn predict (CPU s) "
             "| ratio | our accuracy | sklearn accuracy |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['estimator']} | {r['dataset']} | {r['ours_s']:.5f} | {r['sklearn_s']:.5f} | "
                     f"{r['ratio']:.1f} | {r['ours_predict_s']:.4f} | {r['sklearn_predict_s']:.4f} | "
                     f"{r['predict_ratio']:.1f} | {r['ours_acc']:.3f} | {r['sklearn_acc']:.3f} |")
    return "\n".join(lines)


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
