"""mlfp.cluster against scikit-learn: fit time and objective, same data, same settings.

Run alone with `python -m benchmarks.bench_cluster`, or with every benchmark via
`python -m benchmarks`. Chapter 14 calls `run()` and prints `markdown_table()`.
Fit time is CPU time with one BLAS/OpenMP thread, best of several alternating fits
(see benchmarks/_timing.py).
"""
from benchmarks._timing import best_fit_times, markdown_table as _table


def datasets():
    """Real data: iris (raw), wine (standardised), digits (raw pixel counts 0..16)."""
    from sklearn.datasets import load_digits, load_iris, load_wine

    wine = load_wine().data
    return {"iris": (load_iris().data, 3),
            "wine": ((wine - wine.mean(axis=0)) / wine.std(axis=0), 3),
            "digits": (load_digits().data, 10)}


def run(repeats=5, names=("iris", "wine", "digits")):
    """Rows (dicts): KMeans(k, n_init=10, k-means++) fit times, their ratio, and inertias."""
    from sklearn.cluster import KMeans as SkKMeans

    from mlfp.cluster import KMeans

    data = datasets()
    rows = []
    for name in names:
        X, k = data[name]
        (t_ours, t_ref), (ours, theirs) = best_fit_times(
            [lambda: KMeans(n_clusters=k, n_init=10, random_state=0),
             lambda: SkKMeans(n_clusters=k, n_init=10, random_state=0)], X, repeats=repeats)
        rows.append({"estimator": f"KMeans(k={k})", "dataset": name,
                     "ours_s": t_ours, "sklearn_s": t_ref, "ratio": t_ours / t_ref,
                     "ours": ours.inertia_, "sklearn": theirs.inertia_})
    return rows


def markdown_table(rows):
    header = ["estimator", "dataset", "our fit (CPU s)", "sklearn fit (CPU s)", "ratio", "our inertia",
              "sklearn inertia"]
    return _table(header, [[r["estimator"], r["dataset"], f"{r['ours_s']:.4f}", f"{r['sklearn_s']:.4f}",
                            f"{r['ratio']:.2f}", f"{r['ours']:.6g}", f"{r['sklearn']:.6g}"] for r in rows],
                  align="llrrrrr")


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
