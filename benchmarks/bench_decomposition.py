"""PCA.fit against scikit-learn's full-SVD PCA, and the autoencoder's cost per epoch (chapter 6).

CPU time on one BLAS thread, best of several runs, so that other programs on the machine distort
the comparison as little as possible. Run: python -m benchmarks.bench_decomposition
"""
import numpy as np

from benchmarks._timing import best_cpu_times, markdown_table


def cpu_time(fn, repeats=5):
    return best_cpu_times([fn], repeats, min_seconds=0)[0][0]


def pca_rows():
    from sklearn.datasets import load_digits
    from sklearn.decomposition import PCA as SkPCA

    from mlfp.decomposition import PCA

    rng = np.random.default_rng(0)
    cases = {"digits 1797 × 64": load_digits().data / 16.0,
             "Gaussian 5000 × 32": rng.standard_normal((5000, 32)),
             "Gaussian 500 × 128": rng.standard_normal((500, 128))}
    rows = []
    for name, X in cases.items():
        ref = SkPCA(svd_solver="full").fit(X)
        fits = {"sk": lambda: SkPCA(svd_solver="full").fit(X), "auto": lambda: PCA().fit(X),
                "eigh": lambda: PCA(solver="eigh").fit(X)}
        times, _ = best_cpu_times(list(fits.values()), repeats=9, min_seconds=0)   # interleaved
        best = dict(zip(fits, times))
        t_ref = best.pop("sk")
        timed = {**best, "svd": cpu_time(lambda: PCA(solver="svd").fit(X), repeats=3)}
        for solver, t in timed.items():
            ours = PCA(solver=solver).fit(X)
            err = np.max(np.abs(ours.explained_variance_ - ref.explained_variance_))
            label = f"auto → {ours.solver_}" if solver == "auto" else solver
            rows.append([name, label, f"{1e3 * t_ref:.1f}", f"{1e3 * t:.1f}", f"{t / t_ref:.1f}×",
                         "yes" if t <= 2 * t_ref else "no", f"{err:.1e}"])
    return rows


def autoencoder_rows():
    from sklearn.datasets import load_digits

    from mlfp.decomposition import Autoencoder

    X = load_digits().data / 16.0
    rows = []
    for hidden, k in (((64,), 2), ((64,), 16), ((64, 64), 8)):
        t = cpu_time(lambda: Autoencoder(hidden_sizes=hidden, n_components=k, max_epochs=5,
                                         random_state=0).fit(X), repeats=2) / 5
        rows.append([str(hidden), str(k), f"{1e3 * t:.1f}"])
    return rows


def table(header, rows):
    return markdown_table(header, rows)


def main():
    print("PCA.fit, CPU time on one thread (target: within 2× of scikit-learn's svd_solver='full')\n")
    print(table(["data", "mlfp solver", "scikit-learn (ms)", "mlfp (ms)", "ratio", "within 2×",
                 "max |Δ explained_variance_|"], pca_rows()))
    print("\nAutoencoder, CPU time per epoch on the digits (1797 × 64), batch 64, Adam\n")
    print(table(["hidden_sizes", "n_components", "ms per epoch"], autoencoder_rows()))


if __name__ == "__main__":
    main()
