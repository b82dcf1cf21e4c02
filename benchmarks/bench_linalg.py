"""Speed of mlfp.linalg against LAPACK (through NumPy/SciPy), chapter 2.

    python benchmarks/bench_linalg.py [--sizes 64 128 256] [--repeats 3] [--threads 1]

Prints a markdown table of CPU times and ratios ours / LAPACK. CPU time
(time.process_time) on a fixed number of BLAS threads keeps the comparison
fair on a machine shared with other work.
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import scipy.linalg
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "code"))
from mlfp import linalg  # noqa: E402


def _gauss(n, rng):
    return rng.standard_normal((n, n))


def _sym(n, rng):
    M = rng.standard_normal((n, n))
    return (M + M.T) / 2


def _spd(n, rng):
    M = rng.standard_normal((n, n))
    return M @ M.T + n * np.eye(n)


def _spiked(n, rng):
    """Symmetric with a clear dominant eigenvalue (about 10 against at most about 4)."""
    M = rng.standard_normal((n, n))
    u = np.ones(n) / np.sqrt(n)
    return M @ M.T / n + 10 * np.outer(u, u)


def _tall(n, rng):
    return rng.standard_normal((2 * n, n))


CASES = {  # name: (ours, reference, matrix maker, extra arguments)
    "qr": (linalg.qr, np.linalg.qr, _gauss),
    "cholesky": (linalg.cholesky, np.linalg.cholesky, _spd),
    "lu": (linalg.lu, scipy.linalg.lu, _gauss),
    "solve": (lambda A: linalg.solve(A, np.ones(len(A))), lambda A: np.linalg.solve(A, np.ones(len(A))), _gauss),
    "lstsq (2n x n)": (lambda A: linalg.lstsq(A, np.ones(len(A))),
                       lambda A: np.linalg.lstsq(A, np.ones(len(A)), rcond=None), _tall),
    "eigh": (linalg.eigh, np.linalg.eigh, _sym),
    "eigh (jacobi)": (lambda A: linalg.eigh(A, method="jacobi"), np.linalg.eigh, _sym),
    "svd": (linalg.svd, lambda A: np.linalg.svd(A, full_matrices=False), _gauss),
    "power_iteration": (lambda A: linalg.power_iteration(A, random_state=0),
                        lambda A: scipy.linalg.eigh(A, subset_by_index=[len(A) - 1, len(A) - 1]), _spiked),
}


def cpu_time(fn, A, repeats):
    best = np.inf
    for _ in range(repeats):
        t0 = time.process_time()
        fn(A)
        best = min(best, time.process_time() - t0)
    return best


def run(sizes=(64, 128, 256), repeats=3, threads=1, names=None, seed=0):
    """{(name, n): (ours_seconds, reference_seconds)}."""
    out = {}
    with threadpool_limits(threads):
        for name, (ours, ref, make) in CASES.items():
            if names and name not in names:
                continue
            for n in sizes:
                A = make(n, np.random.default_rng(seed))
                out[name, n] = (cpu_time(ours, A, repeats), cpu_time(ref, A, max(repeats, 5)))
    return out


def markdown(results, sizes):
    names = list(dict.fromkeys(name for name, _ in results))
    lines = ["| function | " + " | ".join(f"n = {n}: ours (s) / ratio" for n in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for name in names:
        cells = []
        for n in sizes:
            ours, ref = results[name, n]
            cells.append(f"{ours:.3g} / {ours / ref:.0f}×")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 256])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    results = run(args.sizes, args.repeats, args.threads)
    print(f"CPU time of mlfp.linalg and ratio to LAPACK ({args.threads} BLAS thread(s), "
          f"best of {args.repeats})\n")
    print(markdown(results, args.sizes))


if __name__ == "__main__":
    main()
