"""Make the project root importable (for `derivations` and `build`) in every test."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "code", ROOT / "book"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))
