"""Run every benchmarks/bench_*.py module's main() and print its tables."""
import importlib
import pkgutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    import benchmarks

    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    if not names:
        print("no benchmarks found", file=sys.stderr)
        return 1
    for name in names:
        mod = importlib.import_module(f"benchmarks.{name}")
        print(f"## {name}\n")
        t0 = time.perf_counter()
        mod.main()
        print(f"\n({name}: {time.perf_counter() - t0:.1f} s)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
