"""What the benchmarks share: CPU timing on one BLAS thread, standardisation, markdown tables.

Times are CPU time of the process (time.process_time) with BLAS limited to one thread, the
best of several repeats. On a machine shared with other jobs, wall-clock time of a short
Python loop mostly measures how often it was descheduled; CPU time is steadier, and with one
thread it is the run time the code would have on an idle core. The reference libraries
(LIBSVM, scikit-learn's Cython trees, PyTorch with torch.set_num_threads(1)) use one core too.
"""
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for _p in (str(ROOT / "code"), str(ROOT)):      # the tangled package and `benchmarks` itself
    if _p not in sys.path:
        sys.path.insert(0, _p)


@contextmanager
def one_thread():
    """NumPy's BLAS, and PyTorch if the benchmark has imported it, on one thread meanwhile."""
    from threadpoolctl import threadpool_limits

    torch = sys.modules.get("torch")          # never import it here: most benchmarks do not need it
    with threadpool_limits(1):
        threads = torch.get_num_threads() if torch else None
        if torch:
            torch.set_num_threads(1)
        try:
            yield
        finally:
            if torch:
                torch.set_num_threads(threads)


def _rounds(repeats, first_round, min_seconds):
    """Rounds to run in all: `repeats`, or more when one round is so short that a single
    descheduling would dominate it (until about `min_seconds` per callable, at most 25)."""
    if first_round <= 0:
        return max(repeats, 25)
    return max(repeats, min(25, int(np.ceil(min_seconds / first_round))))


def best_cpu_times(fns, repeats=3, min_seconds=0.05):
    """Best CPU time of each callable over `repeats` rounds (more for very short calls), with the
    callables interleaved so that all of them see the same machine load. Returns (times, results)."""
    best, results = [np.inf] * len(fns), [None] * len(fns)
    with one_thread():
        done = total = 0
        while done < total or done == 0:
            for k, fn in enumerate(fns):
                t0 = time.process_time()
                results[k] = fn()
                best[k] = min(best[k], time.process_time() - t0)
            done += 1
            if done == 1:
                total = _rounds(repeats, min(best), min_seconds)
    return best, results


def best_fit_times(makers, X, y=None, repeats=3, min_seconds=0.05):
    """Best CPU fit time of a fresh estimator from each factory (construction not timed), over
    `repeats` interleaved rounds, more for very short fits. Returns (times, fitted estimators)."""
    best, estimators = [np.inf] * len(makers), [None] * len(makers)
    with one_thread():
        done = total = 0
        while done < total or done == 0:
            for k, make in enumerate(makers):
                est = make()
                t0 = time.process_time()
                est.fit(X) if y is None else est.fit(X, y)
                best[k] = min(best[k], time.process_time() - t0)
                estimators[k] = est
            done += 1
            if done == 1:
                total = _rounds(repeats, min(best), min_seconds)
    return best, estimators


def standardise(X_train, X_test):
    """Scale by the training set's mean and standard deviation (constant columns left as 1)."""
    mean, sd = X_train.mean(axis=0), X_train.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    return (X_train - mean) / sd, (X_test - mean) / sd


def markdown_table(header, rows, align=None):
    """A pipe table; `rows` hold already formatted cells, `align` is e.g. 'llrrr'."""
    align = align or "l" * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
