"""Make the project root importable (for `derivations` and `build`) in every test,
and run each test process with one BLAS thread (pytest-xdist runs one process
per core; more threads than cores makes small linear algebra much slower)."""
import os
import sys

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "code", ROOT / "book"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

try:  # numpy may already be loaded by a plugin; limit its pools too
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
except ImportError:  # threadpoolctl comes with scikit-learn; without it, env vars only
    pass
