"""mlfp.neighbors.KNeighborsClassifier against scikit-learn's: fit and predict time, held-out accuracy.

Run alone with `python -m benchmarks.bench_neighbors`, or with every benchmark via
`python -m benchmarks`. Chapter 13 calls `run()` and prints `markdown_table()`.
"""
from benchmarks._timing import best_cpu_times, markdown_table as _table, standardise


def _datasets():
    from sklearn.datasets import load_breast_cancer, load_digits, load_wine
    from sklearn.model_selection import train_test_split

    out = {}
    for name, loader, scale in (("wine", load_wine, True), ("breast cancer", load_breast_cancer, True),
                                ("digits", load_digits, False)):
        X, y = loader(return_X_y=True)
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
        if scale:
            X_tr, X_te = standardise(X_tr, X_te)
        out[name] = (X_tr, X_te, y_tr, y_te)
    return out


def run(repeats=3, n_neighbors=5):
    """Rows (dicts): estimator, dataset, fit and predict times for both libraries, ratios, accuracies."""
    from sklearn.neighbors import KNeighborsClassifier as SkKNN

    from mlfp.neighbors import KNeighborsClassifier

    rows = []
    for dname, (X_tr, X_te, y_tr, y_te) in _datasets().items():
        for algorithm in ("brute", "kd_tree"):
            ours = KNeighborsClassifier(n_neighbors=n_neighbors, algorithm=algorithm)
            ref = SkKNN(n_neighbors=n_neighbors, algorithm=algorithm)
            (fit_ours, fit_ref), _ = best_cpu_times([lambda: ours.fit(X_tr, y_tr), lambda: ref.fit(X_tr, y_tr)],
                                                    repeats)
            (pred_ours, pred_ref), _ = best_cpu_times([lambda: ours.predict(X_te), lambda: ref.predict(X_te)],
                                                      repeats)
            rows.append(dict(estimator=f"KNN({algorithm})", dataset=dname, ours_s=fit_ours, sklearn_s=fit_ref,
                             ratio=fit_ours / fit_ref, ours_predict_s=pred_ours, sklearn_predict_s=pred_ref,
                             predict_ratio=pred_ours / pred_ref, ours_acc=ours.score(X_te, y_te),
                             sklearn_acc=ref.score(X_te, y_te)))
    return rows


def markdown_table(rows):
    header = ["estimator", "dataset", "our fit (CPU s)", "sklearn fit (CPU s)", "ratio", "our predict (CPU s)",
              "sklearn predict (CPU s)", "ratio", "our accuracy", "sklearn accuracy"]
    return _table(header, [[r["estimator"], r["dataset"], f"{r['ours_s']:.5f}", f"{r['sklearn_s']:.5f}",
                            f"{r['ratio']:.1f}", f"{r['ours_predict_s']:.4f}", f"{r['sklearn_predict_s']:.4f}",
                            f"{r['predict_ratio']:.1f}", f"{r['ours_acc']:.3f}", f"{r['sklearn_acc']:.3f}"]
                           for r in rows])


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
