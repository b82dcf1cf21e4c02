"""mlfp.svm.SVC against scikit-learn's SVC: fit time and held-out accuracy.

Run alone with `python -m benchmarks.bench_svm`, or with every benchmark via
`python -m benchmarks`. Chapter 12 calls `run()` and prints `markdown_table()`.
"""
from benchmarks._timing import best_fit_times, markdown_table as _table, standardise


def _datasets():
    from sklearn.datasets import load_breast_cancer, load_digits, load_wine
    from sklearn.model_selection import train_test_split

    out = {}
    for name, loader, scale in (("breast cancer", load_breast_cancer, "standardise"),
                                ("wine", load_wine, "standardise"),
                                ("digits", load_digits, "divide by 16")):
        X, y = loader(return_X_y=True)
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
        if scale == "standardise":
            X_tr, X_te = standardise(X_tr, X_te)
        else:
            X_tr, X_te = X_tr / 16.0, X_te / 16.0
        out[name] = (X_tr, X_te, y_tr, y_te)
    return out


def run(repeats=5):
    """Rows (dicts) with estimator, dataset, fit times, their ratio and test accuracies."""
    from sklearn.svm import SVC as SkSVC

    from mlfp.svm import SVC

    cases = [("SVC(rbf)", "breast cancer", dict(kernel="rbf")),
             ("SVC(linear)", "breast cancer", dict(kernel="linear")),
             ("SVC(poly)", "breast cancer", dict(kernel="poly")),
             ("SVC(rbf)", "wine", dict(kernel="rbf")),
             ("SVC(rbf)", "digits", dict(kernel="rbf")),
             ("SVC(poly)", "digits", dict(kernel="poly"))]
    data = _datasets()
    rows = []
    for label, dname, params in cases:
        X_tr, X_te, y_tr, y_te = data[dname]
        (t_ours, t_ref), (ours, ref) = best_fit_times([lambda: SVC(**params), lambda: SkSVC(**params)],
                                                      X_tr, y_tr, repeats)
        rows.append(dict(estimator=label, dataset=dname, ours_s=t_ours, sklearn_s=t_ref, ratio=t_ours / t_ref,
                         ours_acc=ours.score(X_te, y_te), sklearn_acc=ref.score(X_te, y_te)))
    return rows


def markdown_table(rows):
    header = ["estimator", "dataset", "our fit (CPU s)", "sklearn fit (CPU s)", "ratio", "our accuracy",
              "sklearn accuracy"]
    return _table(header, [[r["estimator"], r["dataset"], f"{r['ours_s']:.4f}", f"{r['sklearn_s']:.4f}",
                            f"{r['ratio']:.1f}", f"{r['ours_acc']:.3f}", f"{r['sklearn_acc']:.3f}"] for r in rows])


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
