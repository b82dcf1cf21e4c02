"""mlfp.cluster against scikit-learn: fit time and objective, same data, same settings.

Run alone with `python -m benchmarks.bench_cluster`, or with every benchmark via
`python -m benchmarks`. Chapter 14 calls `run()` and prints `markdown_table()`.
Both libraries run with one BLAS/OpenMP thread (threadpoolctl), and fit time is the
CPU time of the process (time.process_time): with one thread that is the fit time
without the waits that a shared, busy machine adds, so the ratio compares the two
implementations rather than the machine's load at the moment of each run.
"""
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "code"))


def datasets():
    """Real data: iris (raw), wine (standardised), digits (raw pixel counts 0..16)."""
    from sklearn.datasets import load_digits, load_iris, load_wine

    wine = load_wine().data
    return {"iris": (load_iris().data, 3),
            "wine": ((wine - wine.mean(axis=0)) / wine.std(axis=0), 3),
            "digits": (load_digits().data, 10)}


def _timed(make, X):
    """CPU seconds to fit one new model, and the model."""
    model = make()
    t0 = time.process_time()
    model.fit(X)
    return time.process_time() - t0, model


def run(repeats=5, names=("iris", "wine", "digits")):
    """Rows (dicts): KMeans(k, n_init=10, k-means++) fit times, their ratio, and inertias."""
    from sklearn.cluster import KMeans as SkKMeans
    from threadpoolctl import threadpool_limits

    from mlfp.cluster import KMeans

    data = datasets()
    rows = []
    with threadpool_limits(limits=1):
        for name in names:
            X, k = data[name]
            ours, theirs = [np.inf, None], [np.inf, None]
            for _ in range(repeats):         # best of `repeats`, the two alternating
                t, m = _timed(lambda: KMeans(n_clusters=k, n_init=10, random_state=0), X)
                ours = [min(ours[0], t), m]
                t, m = _timed(lambda: SkKMeans(n_clusters=k, n_init=10, random_state=0), X)
                theirs = [min(theirs[0], t), m]
            rows.append({"estimator": f"KMeans(k={k})", "dataset": name,
                         "ours_s": ours[0], "sklearn_s": theirs[0], "ratio": ours[0] / theirs[0],
                         "ours": ours[1].inertia_, "sklearn": theirs[1].inertia_})
    return rows


def markdown_table(rows):
    lines = ["| estimator | dataset | our fit (CPU s) | sklearn fit (CPU s) | ratio | our inertia | sklearn inertia |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['estimator']} | {r['dataset']} | {r['ours_s']:.4f} | {r['sklearn_s']:.4f} | "
                     f"{r['ratio']:.2f} | {r['ours']:.6g} | {r['sklearn']:.6g} |")
    return "\n".join(lines)


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
