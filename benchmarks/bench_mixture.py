"""mlfp.mixture.GaussianMixture against scikit-learn's: fit time and mean log-likelihood.

Run alone with `python -m benchmarks.bench_mixture`, or with every benchmark via
`python -m benchmarks`. Chapter 14 calls `run()` and prints `markdown_table()`.
Fit time is CPU time with one BLAS/OpenMP thread, best of several alternating fits
(see benchmarks/_timing.py). Each case is timed twice:
each library from its own k-means start (the local optima reached, and so the number of
iterations, may differ), and both from identical starting parameters (same iterations).
"""
import numpy as np

from benchmarks._timing import best_fit_times, markdown_table as _table
from benchmarks.bench_cluster import datasets


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

    from mlfp.mixture import GaussianMixture

    data = datasets()
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")              # either may stop at max_iter on digits
        for name, cov in cases:
            X, k = data[name]
            for start, extra in (("own start", {}), ("same start", _same_start(X, k, cov))):
                (t_ours, t_ref), (o, s) = best_fit_times(
                    [lambda: GaussianMixture(n_components=k, covariance_type=cov, random_state=0, **extra),
                     lambda: SkGMM(n_components=k, covariance_type=cov, random_state=0, **extra)],
                    X, repeats=repeats)
                rows.append({"estimator": f"GaussianMixture(k={k}, {cov}), {start}", "dataset": name,
                             "ours_s": t_ours, "sklearn_s": t_ref, "ratio": t_ours / t_ref,
                             "ours": o.score(X), "sklearn": s.score(X),
                             "iterations": (o.n_iter_, s.n_iter_)})
    return rows


def markdown_table(rows):
    header = ["estimator", "dataset", "our fit (CPU s)", "sklearn fit (CPU s)", "ratio", "our log-lik / n",
              "sklearn log-lik / n", "iterations (ours, sklearn)"]
    return _table(header, [[r["estimator"], r["dataset"], f"{r['ours_s']:.4f}", f"{r['sklearn_s']:.4f}",
                            f"{r['ratio']:.2f}", f"{r['ours']:.4f}", f"{r['sklearn']:.4f}",
                            f"{r['iterations'][0]}, {r['iterations'][1]}"] for r in rows], align="llrrrrrr")


def main():
    print(markdown_table(run()))


if __name__ == "__main__":
    main()
