"""mlfp.mixture.GaussianMixture against scikit-learn's: fit time and mean log-likelihood.

Run alone with `python -m benchmarks.bench_mixture`, or with every benchmark via
`python -m benchmarks`. Chapter 14 calls `run()` and prints `markdown_table()`.
Both libraries run with one BLAS/OpenMP thread (threadpoolctl) and fit time is CPU time
(time.process_time; see bench_cluster). Each case is timed twice:
each library from its own k-means start (the local optima reached, and so the number of
iterations, may differ), and both from identical starting parameters (same iterations).
"""
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "code"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_cluster import datasets  # noqa: E402


def _same_start(X, k, cov):
    """Starting parameters both libraries accept: one M-step from a k-means partition."""
    from sklearn.cluster import KMeans as SkKMeans

    from mlfp.mixture.gaussian_mixture import _m_step

    labels = SkKMeans(n_clusters=k, n_init=1, random_state=0).fit(X).labels_
    w, m, c = _m_step(X, np.eye(k)[labels], 1e-6, cov)
    prec = np.linalg.inv(c) if cov == "full" else 1.0 / c
    return dict(weights_init=w, means_init=m, precisions_init=prec)


def run(repeats=3, cases=(("iris", "full"), ("iris", "diag"), ("wine", "full"), ("wine", "diag"),
                          ("digits", "diag"), ("digits", "full"))):
    """Rows (dicts): GaussianMixture(k, covariance_type) fit times, ratio, mean log-likelihoods.

    Two rows per case: each library from its own k-means start ("own start"; the local optima
    and so the number of iterations may differ), and both from identical parameters
    ("same start"; identical iterations, so the ratio is the cost of the same work)."""
    import warnings

    from sklearn.mixture import GaussianMixture as SkGMM
    from threadpoolctl import threadpool_limits

    from mlfp.mixture import GaussianMixture

    data = datasets()
    rows = []
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore")              # either may stop at max_iter on digits
        for name, cov in cases:
            X, k = data[name]
            for start, extra in (("own start", {}), ("same start", _same_start(X, k, cov))):
                best = {"ours": [np.inf, None], "sklearn": [np.inf, None]}
                for _ in range(repeats):             # alternate, so that load changes hit both alike
                    for who, cls in (("ours", GaussianMixture), ("sklearn", SkGMM)):
                        model = cls(n_components=k, covariance_type=cov, random_state=0, **extra)
                        t0 = time.process_time()
                        model.fit(X)
                        t = time.process_time() - t0
                        best[who] = [min(best[who][0], t), model]
                o, s = best["ours"], best["sklearn"]
                rows.append({"estimator": f"GaussianMixture(k={k}, {cov}), {start}", "dataset": name,
                             "ours_s": o[0], "sklearn_s": s[0], "ratio": o[0] / s[0],
                             "ours": o[1].score(X), "sklearn": s[1].score(X),
                             "iterations": (o[1].n_iter_, s[1].n_iter_)})
    return rows


def markdown_table(rows):
    lines = ["| estimator | dataset | our fit (CPU s) | sklearn fit (CPU s) | ratio | our log-lik / n | "
             "sklearn log-lik / n | iterations (ours, sklearn) |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['estimator']} | {r['dataset']} | {r['ours_s']:.4f} | {r['sklearn_s']:.4f} | "
                     f"{r['ratio']:.2f} | {r['ours']:.4f} | {r['sklearn']:.4f} | "
                     f"{r['iterations'][0]}, {r['iterations'][1]} |")
    return "\n".join(lines)


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
