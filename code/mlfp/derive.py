# GENERATED FILE: do not edit. It is tangled from chapters/00-front/01-how-this-book-checks-itself.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/00-front/01-how-this-book-checks-itself.pmd:76
"""Machine-checked derivations: chains of SymPy equalities, each verified
symbolically, symbolically at a fixed dimension, or numerically, and
reported with the method that was actually used."""
from dataclasses import dataclass, field

import numpy as np
import sympy as sp


class DerivationError(AssertionError):
    """Raised when a derivation that is about to be shown does not verify."""


@dataclass
class StepResult:
    index: int
    reason: str
    ok: bool
    method: str          # what was done, in words, e.g. "symbolic at fixed dimension (n=3)"
    short: str           # the same in a few characters, for the typeset line
    detail: str = ""     # why it failed


@dataclass
class Report:
    title: str
    steps: list = field(default_factory=list)

    @property
    def ok(self):
        return bool(self.steps) and all(s.ok for s in self.steps)

    def __str__(self):
        lines = [f"{self.title}: {'verified' if self.ok else 'FAILED'}"]
        for s in self.steps:
            mark = "ok  " if s.ok else "FAIL"
            extra = f" -- {s.detail}" if s.detail and not s.ok else ""
            lines.append(f"  [{mark}] ({s.index}) {s.reason} -- {s.method}{extra}")
        return "\n".join(lines)


# chapters/00-front/01-how-this-book-checks-itself.pmd:126
def _is_matrix(e):
    return isinstance(e, (sp.MatrixBase, sp.MatrixExpr))


def _difference(lhs, rhs):
    if _is_matrix(lhs) or _is_matrix(rhs):
        return (lhs - rhs).doit()
    return sp.sympify(lhs) - sp.sympify(rhs)


class _Timeout(Exception):
    pass


def _within(seconds, fn, *args):
    """fn(*args), or False if it takes longer than `seconds` (main thread, Unix only).

    SymPy can take minutes to fail to simplify a wrong step that contains a
    matrix inverse; a proof attempt that runs out of time counts as "not
    proved this way" and the step moves on to the next method."""
    import signal
    import threading

    if not seconds or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "SIGALRM"):
        return fn(*args)

    def _raise(signum, frame):
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    except _Timeout:
        return False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _simplifies_to_zero(expr):
    """True only when SymPy proves expr == 0 (entrywise for matrices)."""
    if isinstance(expr, sp.MatrixExpr) and not isinstance(expr, sp.MatrixBase):
        try:
            expanded = expr.expand().doit()   # distribute products of matrix sums
        except Exception:
            expanded = expr
        if isinstance(expr, sp.ZeroMatrix) or isinstance(expanded, sp.ZeroMatrix) or expanded == 0:
            return True
        try:
            expr = expr.as_explicit()
        except (ValueError, TypeError, AttributeError):
            return False          # symbolic shape: cannot be written out
    if isinstance(expr, sp.MatrixBase):
        return all(_simplifies_to_zero(e) for e in expr)
    expr = sp.sympify(expr)
    if expr == 0:
        return True
    try:
        return sp.simplify(sp.expand(expr)) == 0 or sp.simplify(expr) == 0
    except Exception:             # SymPy gives up on some expressions
        return False


# chapters/00-front/01-how-this-book-checks-itself.pmd:202
def _explicit(expr, dims):
    """Replace size symbols by dims and matrix symbols by explicit symbol matrices."""
    expr = expr.subs(dims) if dims else expr
    subs = {}
    for M in expr.atoms(sp.MatrixSymbol):
        rows, cols = (int(s) for s in M.shape)
        entries = sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{M.name}_{i}{j}", real=True))
        subs[M] = sp.ImmutableMatrix(entries)
    return expr.xreplace(subs).doit() if subs else expr.doit()


def _fixed_dimension_zero(diff, dims):
    has_matrix_symbols = bool(getattr(diff, "atoms", lambda *_: set())(sp.MatrixSymbol))
    if not has_matrix_symbols:
        return False
    try:
        explicit = _explicit(diff, dims)
    except (ValueError, TypeError):
        return False              # sizes still symbolic: dims were not given
    return _simplifies_to_zero(explicit)


# chapters/00-front/01-how-this-book-checks-itself.pmd:236
def _sample_symbol(s, rng, dims):
    if isinstance(s, sp.MatrixSymbol):
        rows, cols = (int(v) for v in sp.Tuple(*s.shape).subs(dims))
        return sp.ImmutableMatrix(rng.standard_normal((rows, cols)))
    if s.is_integer:
        return sp.Integer(int(rng.integers(1, 6)))
    if s.is_positive or s.is_nonnegative:
        return sp.Float(float(rng.uniform(0.1, 3.0)))
    return sp.Float(float(rng.standard_normal()))


def _to_array(value):
    if isinstance(value, (sp.MatrixBase, sp.MatrixExpr)):
        return np.array(sp.Matrix(value).evalf(), dtype=complex)
    return np.array(complex(sp.N(value)))


def _as_sympy(v):
    return sp.ImmutableMatrix(v) if np.ndim(v) == 2 else sp.Float(float(v))


def _compile(side, atoms):
    """A NumPy function of the atoms (fast), or None if SymPy cannot print it."""
    try:
        return sp.lambdify(atoms, side, modules="numpy")
    except Exception:
        return None


def _evaluate(side, fn, atoms, values):
    """side at the sampled values: compiled when possible, else by substitution."""
    if fn is not None:
        try:
            with np.errstate(all="ignore"):
                out = fn(*[values[a] for a in atoms])
            return np.array(np.asarray(out, dtype=complex))
        except Exception:
            pass                     # fall back to exact substitution
    side = side.xreplace({a: _as_sympy(values[a]) for a in atoms}) if atoms else side
    return _to_array(side.doit() if hasattr(side, "doit") else side)


def _numeric_check(lhs, rhs, relation, dims, samplers, points, tol, rng):
    """Return (ok, detail). ok is False on the first counterexample."""
    sides = [side.subs(dims) if dims and hasattr(side, "subs") else side for side in (lhs, rhs)]
    atoms = set()
    for side in sides:
        atoms |= {a for a in getattr(side, "free_symbols", set())
                  if isinstance(a, (sp.Symbol, sp.MatrixSymbol))}
        if hasattr(side, "atoms"):
            atoms |= side.atoms(sp.MatrixSymbol)
    atoms = sorted(atoms - set(dims or {}), key=str)
    # a matrix symbol of symbolic size (U, n x n) becomes another object once
    # the sizes are substituted (U, 3 x 3): look its sampler up under both keys
    samplers = {**samplers, **{k.subs(dims): v for k, v in samplers.items()
                               if dims and isinstance(k, sp.MatrixSymbol)}}
    fns = [_compile(side, atoms) for side in sides]
    for _ in range(points):
        values = {}
        for s in atoms:
            if s in samplers:
                v = samplers[s](rng)
                values[s] = np.asarray(v, dtype=float) if np.ndim(v) == 2 else float(v)
            else:
                v = _sample_symbol(s, rng, dims or {})
                values[s] = np.array(v.tolist(), dtype=float) if isinstance(v, sp.MatrixBase) else float(v)
        try:
            ev = [_evaluate(side, fn, atoms, values) for side, fn in zip(sides, fns)]
        except (TypeError, ValueError) as exc:   # SymPy could not reduce a side to numbers
            return False, f"could not evaluate numerically: {exc}"
        a, b = ev
        if a.shape != b.shape and a.size * b.size != 1:
            return False, f"shapes differ: {a.shape} vs {b.shape}"
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            return False, "a side is not finite at a sampled point"
        slack = tol * (1 + np.maximum(np.abs(a), np.abs(b)))
        if relation == "==":
            bad = np.abs(a - b) > slack
        elif relation == "<=":
            bad = a.real > b.real + slack
        else:
            bad = a.real < b.real - slack
        if np.any(bad) or (relation != "==" and np.any(np.abs(a.imag) + np.abs(b.imag) > slack)):
            gap = float(np.max(np.abs(a - b)))
            return False, f"counterexample at a sampled point (|lhs - rhs| = {gap:.3g})"
    return True, ""


# chapters/00-front/01-how-this-book-checks-itself.pmd:331
METHODS = ("auto", "symbolic", "fixed", "numeric")
RELATIONS = {"==": "=", "<=": r"\le", ">=": r"\ge"}


@dataclass
class Step:
    lhs: object
    rhs: object
    reason: str
    method: str = "auto"         # or force one: "symbolic", "fixed", "numeric"
    relation: str = "=="
    samplers: dict = field(default_factory=dict)
    display: tuple = None        # (lhs_tex, rhs_tex); None in either keeps SymPy's LaTeX
    assumptions: str = ""
    chained: bool = False        # lhs is the previous step's rhs (not repeated in print)

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        if self.relation not in RELATIONS:
            raise ValueError(f"relation must be one of {tuple(RELATIONS)}, got {self.relation!r}")
        if self.relation != "==" and self.method in ("symbolic", "fixed"):
            raise ValueError("inequalities are checked numerically only; use method='numeric'")
        if not self.reason:
            raise ValueError("every step needs a reason")


# chapters/00-front/01-how-this-book-checks-itself.pmd:364
def _dims_text(dims):
    return ", ".join(f"{k}={v}" for k, v in dims.items())


def verify_step(index, st, dims, points=20, tol=1e-9, seed=0, timeout=15):
    """Check one Step; return a StepResult naming the method that succeeded."""
    tried = []
    diff = _difference(st.lhs, st.rhs) if st.relation == "==" and st.method != "numeric" else None
    if diff is not None and st.method in ("auto", "symbolic"):
        if _within(timeout, _simplifies_to_zero, diff):
            return StepResult(index, st.reason, True, "symbolic", "symbolic")
        tried.append("symbolic")
    if diff is not None and st.method in ("auto", "fixed") and dims:
        if _within(timeout, _fixed_dimension_zero, diff, dims):
            text = _dims_text(dims)
            return StepResult(index, st.reason, True, f"symbolic at fixed dimension ({text})",
                              f"symbolic, {text}")
        tried.append("fixed dimension")
    if st.method in ("auto", "numeric"):
        rng = np.random.default_rng([seed, index])
        ok, detail = _numeric_check(st.lhs, st.rhs, st.relation, dims, st.samplers, points, tol, rng)
        return StepResult(index, st.reason, ok, f"numeric ({points} points, tol {tol:g})",
                          f"numeric, {points} pts", detail)
    return StepResult(index, st.reason, False, "not verified", "FAILED",
                      f"not proved by: {', '.join(tried) or 'no applicable method'}")


# chapters/00-front/01-how-this-book-checks-itself.pmd:401
def _tex(e):
    return e if isinstance(e, str) else sp.latex(e)


def latex_lines(steps, report):
    """LaTeX `aligned` block: lhs & = rhs && (i) check-mark method, per step."""
    lines = []
    for st, res in zip(steps, report.steps):
        lhs_tex, rhs_tex = st.display or (None, None)
        left = "" if st.chained else (_tex(st.lhs) if lhs_tex is None else lhs_tex)
        right = _tex(st.rhs) if rhs_tex is None else rhs_tex
        mark = r"\checkmark" if res.ok else r"\times"
        lines.append(rf"{left} &{RELATIONS[st.relation]} {right} "
                     rf"&& \text{{({res.index}) }} {mark}\ \text{{{res.short}}}")
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def markdown_box(title, steps, report, label=None):
    """Pandoc markdown: a derivation box with the display and the reasons."""
    if not report.ok:
        raise DerivationError(str(report))
    tag = f" {{#{label}}}" if label else ""
    reasons = []
    for st, res in zip(steps, report.steps):
        extra = f" Assumes {st.assumptions}." if st.assumptions else ""
        reasons.append(f"({res.index}) {st.reason} --- *{res.method}*.{extra}")
    return (f"::: {{.derivation title=\"{title}\"}}\n"
            f"$$\n{latex_lines(steps, report)}\n$${tag}\n\n" + "\\\n".join(reasons) + "\n:::\n")


# chapters/00-front/01-how-this-book-checks-itself.pmd:442
class Derivation:
    """A titled chain of equalities, each with a reason, verified by SymPy."""

    def __init__(self, title, dims=None, points=20, tol=1e-9, seed=0, timeout=15):
        if not title or not isinstance(title, str):
            raise ValueError("a Derivation needs a non-empty title")
        self.title, self.dims = title, dict(dims or {})
        self.points, self.tol, self.seed, self.timeout = int(points), float(tol), seed, timeout
        self.steps, self._current, self._chain_start, self._report = [], None, False, None

    def step(self, lhs, rhs, reason, **options):
        """Add the free-standing step lhs (relation) rhs, justified by `reason`."""
        return self._add(lhs, rhs, reason, chained=False, **options)

    def _add(self, lhs, rhs, reason, chained, **options):
        self.steps.append(Step(lhs, rhs, reason, chained=chained, **options))
        self._current, self._chain_start, self._report = rhs, False, None
        return self

    def start(self, expr):
        """Begin a chain at expr; its first line shows expr, later lines continue it."""
        self._current, self._chain_start = expr, True
        return self

    def then(self, rhs, reason, **options):
        """Continue the chain: previous expression (relation) rhs."""
        if self._current is None:
            raise ValueError("then() needs start() or a previous step")
        # the chain's first line shows its left-hand side; later lines continue it
        return self._add(self._current, rhs, reason, chained=not self._chain_start, **options)

    def verify(self):
        """Check every step; return a Report (cached until a step is added)."""
        if self._report is None:
            self._report = Report(self.title, [
                verify_step(i + 1, st, self.dims, self.points, self.tol, self.seed, self.timeout)
                for i, st in enumerate(self.steps)])
        return self._report

    def latex(self):
        """The chain as a LaTeX aligned block, with a check mark and method per step."""
        return latex_lines(self.steps, self.verify())

    def markdown(self, label=None):
        """Markdown for the book; raises DerivationError unless every step verifies."""
        return markdown_box(self.title, self.steps, self.verify(), label)


# chapters/00-front/01-how-this-book-checks-itself.pmd:496
REGISTRY = {}


def derivation(fn):
    """Register a zero-argument function that returns a Derivation."""
    REGISTRY[f"{fn.__module__}.{fn.__name__}"] = fn
    fn.is_derivation = True
    return fn


def discover(package="derivations"):
    """Import every module of the derivations package; return the registry."""
    import importlib
    import pkgutil

    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{package}.{info.name}")
    return dict(sorted(REGISTRY.items()))


# chapters/00-front/01-how-this-book-checks-itself.pmd:523
def _verify_named(package, name):
    derivation_fn = discover(package)[name]
    d = derivation_fn()
    return d.title, d.verify()


def verify_all(package="derivations", jobs=None):
    """{name: (title, Report)} for every registered derivation, verified in parallel."""
    import concurrent.futures as cf
    import multiprocessing
    import os

    names = list(discover(package))
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(names) < 2:
        return {n: _verify_named(package, n) for n in names}
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = {n: pool.submit(_verify_named, package, n) for n in names}
        return {n: f.result() for n, f in futures.items()}
