#!/usr/bin/env python3
"""The book's build: tangle | weave | pdf | html | check | all.

    python build.py tangle            chapters/*.pmd  -> code/mlfp/**.py
    python build.py check             fail (and print the diff) if code/ is stale
    python build.py weave [--jobs N] [--chapter SLUG]
                                      run every chapter -> build/md/<slug>.md
    python build.py pdf               weave, then pandoc -> Typst -> build/book.pdf
    python build.py html              weave, then pandoc -> build/html/ (one page per chapter)
    python build.py all               pdf and html

Every error names the chapter file and line and exits non-zero; outputs are
written to a temporary path first and renamed, so a failed build leaves the
previous good outputs where they were.
"""
from __future__ import annotations

import argparse
import ast
import concurrent.futures as cf
import difflib
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

BUILD_VERSION = "1"  # bump to invalidate every cached weave
ROOT = Path(__file__).resolve().parent


class BuildError(Exception):
    """A problem in the book's sources; the message names file and line."""


# --------------------------------------------------------------------------
# Project paths (a Project can point at a fixture tree, which the tests use)
# --------------------------------------------------------------------------
@dataclass
class Project:
    root: Path

    @property
    def chapters_dir(self): return self.root / "chapters"
    @property
    def code_dir(self): return self.root / "code" / "mlfp"
    @property
    def derivations_dir(self): return self.root / "derivations"
    @property
    def build_dir(self): return self.root / "build"
    @property
    def md_dir(self): return self.build_dir / "md"
    @property
    def cache_dir(self): return self.build_dir / "cache"
    @property
    def figures_dir(self): return self.root / "figures"
    @property
    def book_dir(self): return self.root / "book"

    def rel(self, path: Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)


# --------------------------------------------------------------------------
# The book's structure
# --------------------------------------------------------------------------
@dataclass
class Chapter:
    path: Path          # chapters/NN-part/NN-slug.pmd
    slug: str           # NN-slug
    part: "Part"


@dataclass
class Part:
    title: str
    kind: str = "part"  # part | front | appendix
    intro: str = ""
    chapters: list = field(default_factory=list)


def load_book(project: Project):
    import yaml

    book_file = project.book_dir / "book.yaml"
    if not book_file.exists():
        raise BuildError(f"{project.rel(book_file)}: missing (it lists the parts and chapters)")
    meta = yaml.safe_load(book_file.read_text(encoding="utf-8"))
    parts, chapters, seen = [], [], {}
    for p in meta.get("parts", []):
        part = Part(p["title"], p.get("kind", "part"), p.get("intro", ""))
        for entry in p.get("chapters", []):
            path = project.chapters_dir / f"{entry}.pmd"
            if not path.exists():
                raise BuildError(f"{project.rel(book_file)}: chapter '{entry}' has no file {project.rel(path)}")
            ch = Chapter(path, path.stem, part)
            if ch.slug in seen:
                raise BuildError(f"{project.rel(book_file)}: chapter slug '{ch.slug}' listed twice")
            seen[ch.slug] = ch
            part.chapters.append(ch)
            chapters.append(ch)
        parts.append(part)
    listed = {c.path.resolve() for c in chapters}
    for f in sorted(project.chapters_dir.rglob("*.pmd")):
        if f.resolve() not in listed:
            raise BuildError(f"{project.rel(f)}:1: chapter is not listed in book/book.yaml")
    return meta, parts, chapters


# --------------------------------------------------------------------------
# Reading chapters: Pweave's own reader, with file:line errors and option checks
# --------------------------------------------------------------------------
PWEAVE_OPTIONS = {
    "name", "label", "echo", "results", "fig", "include", "evaluate", "caption",
    "term", "wrap", "f_pos", "f_size", "f_env", "dpi", "f_spines", "complete",
    "display_data", "display_stream", "width", "source", "option_string",
}
BOOK_OPTIONS = {"tangle"}  # ours: the module this chunk is tangled into
RESULTS_VALUES = {"verbatim", "hidden", "markdown", "raw", "tex", "html", "rst"}


@dataclass
class CodeChunk:
    number: int
    line: int           # line of the ```python header (1-based)
    options: dict
    code: str


def _code_header_lines(text: str):
    from pweave.readers import PwebMarkdownReader

    begin = re.compile(PwebMarkdownReader(string="").code_begin)
    end = re.compile(r"^(`|~){3,}\s*$")
    headers, inside = [], False
    for i, line in enumerate(text.splitlines(), start=1):
        if not inside and begin.match(line):
            headers.append(i)
            inside = True
        elif inside and end.match(line.strip()):
            inside = False
    return headers, inside


def read_chunks(project: Project, path: Path) -> list[CodeChunk]:
    """Parse a chapter with Pweave's markdown reader; validate every chunk."""
    from pweave.readers import PwebMarkdownReader

    rel = project.rel(path)
    text = path.read_text(encoding="utf-8")
    headers, unterminated = _code_header_lines(text)
    if unterminated:
        raise BuildError(f"{rel}:{headers[-1]}: code chunk is never closed (no ``` line after it)")
    # Check each header on its own first, so a bad one is named by its line.
    for ln in headers:
        header = text.splitlines()[ln - 1]
        try:
            PwebMarkdownReader(string=header + "\n```\n").parse()
        except Exception as exc:  # Pweave exec()s the option string
            raise BuildError(f"{rel}:{ln}: malformed chunk header {header.strip()!r}: "
                             f"{type(exc).__name__}: {exc}") from None
    reader = PwebMarkdownReader(string=text)
    reader.parse()
    parsed = reader.getparsed()
    chunks, header_iter = [], iter(headers)
    for item in parsed:
        if item["type"] != "code":
            continue
        ln = next(header_iter)
        opts = {k: v for k, v in item["options"].items() if k != "option_string"}
        unknown = set(opts) - PWEAVE_OPTIONS - BOOK_OPTIONS
        if unknown:
            raise BuildError(f"{rel}:{ln}: unknown chunk option(s) {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(sorted(PWEAVE_OPTIONS | BOOK_OPTIONS - {'option_string'}))})")
        if "results" in opts and opts["results"] not in RESULTS_VALUES:
            raise BuildError(f"{rel}:{ln}: results={opts['results']!r} is not one of {sorted(RESULTS_VALUES)}")
        code = item["content"].lstrip("\n")
        if opts.get("evaluate", True):
            try:
                compile(code, f"{rel}:{ln}", "exec")
            except SyntaxError as exc:
                line = ln + (exc.lineno or 1)
                raise BuildError(f"{rel}:{line}: syntax error in chunk: {exc.msg}") from None
        chunks.append(CodeChunk(item["number"], ln, opts, code))
    # Pweave drops empty chunks; keep header/chunk pairing honest.
    return chunks


# --------------------------------------------------------------------------
# tangle
# --------------------------------------------------------------------------
TANGLE_HEADER = (
    "# GENERATED FILE: do not edit. It is tangled from {chapter}\n"
    "# by `python build.py tangle`; edit the chapter and re-tangle.\n"
)


def _tangle_target(project: Project, chapter: Chapter, chunk: CodeChunk) -> str:
    rel = project.rel(chapter.path)
    target = chunk.options["tangle"]
    if not isinstance(target, str) or not target.endswith(".py"):
        raise BuildError(f"{rel}:{chunk.line}: tangle={target!r} must be a path ending in .py "
                         "relative to code/mlfp/")
    pure = Path(target)
    if pure.is_absolute() or ".." in pure.parts or target.startswith(("code/", "mlfp/")):
        raise BuildError(f"{rel}:{chunk.line}: tangle={target!r} points outside code/mlfp/ "
                         "(give a path relative to code/mlfp/, e.g. 'linalg/qr.py')")
    if pure.name == "__init__.py":
        raise BuildError(f"{rel}:{chunk.line}: tangle={target!r}: __init__.py files are generated "
                         "(they re-export the public names of their package)")
    if not all(p.isidentifier() for p in [*pure.parts[:-1], pure.stem]):
        raise BuildError(f"{rel}:{chunk.line}: tangle={target!r}: every path part must be a "
                         "Python identifier")
    return pure.as_posix()


def public_names(source: str, filename: str) -> list[str]:
    """Names a module exports: its __all__, else top-level public defs, classes and CONSTANTS."""
    tree = ast.parse(source, filename)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    names = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name) and t.id.isupper()]
    return [n for n in names if not n.startswith("_")]


def tangle_tree(project: Project, chapters) -> dict[str, str]:
    """Return {path relative to code/mlfp: content} for the whole package."""
    modules: dict[str, dict] = {}   # target -> {chapter, line, parts}
    for ch in chapters:
        rel = project.rel(ch.path)
        for chunk in read_chunks(project, ch.path):
            if "tangle" not in chunk.options:
                continue
            target = _tangle_target(project, ch, chunk)
            owner = modules.get(target)
            if owner and owner["chapter"] != rel:
                raise BuildError(
                    f"{rel}:{chunk.line}: tangle conflict: module code/mlfp/{target} is already "
                    f"written by {owner['chapter']}:{owner['line']} (one module comes from one chapter)")
            if owner is None:
                owner = modules[target] = {"chapter": rel, "line": chunk.line, "parts": []}
            owner["parts"].append(f"# {rel}:{chunk.line}\n{chunk.code.rstrip()}\n")
    files: dict[str, str] = {}
    for target, m in modules.items():
        files[target] = TANGLE_HEADER.format(chapter=m["chapter"]) + "\n" + "\n\n".join(m["parts"])
    files.update(_init_files(project, modules, files))
    return dict(sorted(files.items()))


def _init_files(project: Project, modules, files) -> dict[str, str]:
    """Every package gets an __init__ that re-exports its modules' public names."""
    packages: dict[str, list[str]] = {"": []}
    for target in files:
        parts = target.split("/")
        for i in range(len(parts)):
            packages.setdefault("/".join(parts[:i]), [])
        packages["/".join(parts[:-1])].append(target)
    out = {}
    for pkg, members in sorted(packages.items()):
        subpackages = sorted(p.rsplit("/", 1)[-1] for p in packages
                             if p and (p.rsplit("/", 1)[0] if "/" in p else "") == pkg)
        if pkg == "":  # top-level modules load on first use too, so `import mlfp` stays light;
            # a private one that declares __all__ (like _version.py) is re-exported at once
            subpackages += sorted(Path(m).stem for m in members if not Path(m).stem.startswith("_"))
            members = [m for m in members if Path(m).stem.startswith("_") and "__all__" in files[m]]
        lines, exported, origin = [], [], {}
        sources = sorted({modules[m]["chapter"] for m in members})
        doc = f"mlfp.{pkg.replace('/', '.')}" if pkg else "mlfp"
        header = TANGLE_HEADER.format(chapter="the chapters' tangle targets")
        if pkg == "":
            lines.append(f'"""{doc}: Machine Learning from First Principles, the library tangled from the book."""')
        else:
            lines.append(f'"""{doc} (from {", ".join(sources) or "its subpackages"})."""')
        for target in sorted(members):
            mod = Path(target).stem
            names = public_names(files[target], target)
            for n in names:
                if n in origin:
                    raise BuildError(
                        f"{modules[target]['chapter']}:{modules[target]['line']}: name '{n}' in "
                        f"code/mlfp/{target} is also exported by code/mlfp/{origin[n]}; "
                        "a package re-exports each public name once")
                origin[n] = target
            if names:
                lines.append(f"from .{mod} import {', '.join(names)}")
                exported += names
        all_names = exported + subpackages
        if subpackages:
            lines.append("")
            lines.append("import importlib as _importlib")
            lines.append(f"_SUBPACKAGES = {tuple(subpackages)!r}")
            lines.append("")
            lines.append("def __getattr__(name):  # import subpackages on first use")
            lines.append("    if name in _SUBPACKAGES:")
            lines.append("        return _importlib.import_module(f'{__name__}.{name}')")
            lines.append("    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')")
        lines.append("")
        lines.append(f"__all__ = {all_names!r}")
        path = f"{pkg}/__init__.py" if pkg else "__init__.py"
        out[path] = header + "\n" + "\n".join(lines) + "\n"
    return out


def _disk_tree(project: Project) -> dict[str, str]:
    if not project.code_dir.exists():
        return {}
    return {p.relative_to(project.code_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(project.code_dir.rglob("*.py"))}


def cmd_tangle(project: Project, quiet=False) -> dict[str, str]:
    _, _, chapters = load_book(project)
    tree = tangle_tree(project, chapters)
    disk = _disk_tree(project)
    changed = 0
    for rel, content in tree.items():
        if disk.get(rel) != content:
            dest = project.code_dir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(".py.tmp")
            tmp.write_text(content, encoding="utf-8")
            os.replace(tmp, dest)
            changed += 1
    for rel in set(disk) - set(tree):
        (project.code_dir / rel).unlink()
        changed += 1
    for d in sorted(project.code_dir.rglob("*"), reverse=True):  # drop emptied packages
        if d.is_dir() and not any(p for p in d.iterdir() if p.name != "__pycache__"):
            shutil.rmtree(d)
    if not quiet:
        print(f"tangle: {len(tree)} files in {project.rel(project.code_dir)}, {changed} changed")
    return tree


def cmd_check(project: Project) -> int:
    _, _, chapters = load_book(project)
    tree = tangle_tree(project, chapters)
    disk = _disk_tree(project)
    diff = []
    for rel in sorted(set(tree) | set(disk)):
        a, b = disk.get(rel, ""), tree.get(rel, "")
        if a != b:
            diff += difflib.unified_diff(a.splitlines(True), b.splitlines(True),
                                         f"code/mlfp/{rel} (on disk)", f"code/mlfp/{rel} (fresh tangle)")
    if diff:
        sys.stdout.writelines(diff)
        print("\ncheck: code/mlfp differs from a fresh tangle of the chapters. "
              "Edit the chapter, not code/, then run `make tangle`.", file=sys.stderr)
        return 1
    print(f"check: code/mlfp matches a fresh tangle ({len(tree)} files)")
    return 0


# --------------------------------------------------------------------------
# weave
# --------------------------------------------------------------------------
IMPORT_RE = re.compile(r"^\s*(?:from\s+(mlfp(?:\.\w+)*)\s+import\s+([\w\s,()]+)|import\s+(mlfp(?:\.\w+)*))", re.M)


def _module_file(project: Project, dotted: str):
    parts = dotted.split(".")[1:]
    base = project.code_dir.joinpath(*parts) if parts else project.code_dir
    for cand in (base.with_suffix(".py"), base / "__init__.py"):
        if cand.exists():
            return cand
    return None


def imported_modules(project: Project, text: str) -> list[Path]:
    """Transitive closure of the mlfp modules a chapter's code imports."""
    seen: dict[Path, None] = {}
    todo = [text]
    while todo:
        src = todo.pop()
        for m in IMPORT_RE.finditer(src):
            dotted = m.group(1) or m.group(3)
            names = [n.strip() for n in (m.group(2) or "").replace("(", "").replace(")", "").split(",")]
            candidates = [dotted] + [f"{dotted}.{n}" for n in names if n]
            # a package's __init__ pulls in all its modules
            for cand in candidates:
                f = _module_file(project, cand)
                if f is None or f in seen:
                    continue
                seen[f] = None
                body = f.read_text(encoding="utf-8")
                if f.name == "__init__.py":
                    pkg = ".".join(["mlfp", *f.parent.relative_to(project.code_dir).parts])
                    body += "".join(f"\nimport {pkg}.{m2}" for m2 in re.findall(r"^from \.(\w+) import", body, re.M))
                todo.append(body)
    if (project.code_dir / "__init__.py").exists():
        seen.setdefault(project.code_dir / "__init__.py", None)
    return sorted(seen)


def weave_key(project: Project, chapter: Chapter) -> str:
    h = hashlib.sha256()
    h.update(BUILD_VERSION.encode())
    h.update(Path(__file__).read_bytes())
    h.update((ROOT / "book" / "weave_support.py").read_bytes())
    h.update(chapter.path.read_bytes())
    text = chapter.path.read_text(encoding="utf-8")
    # the derivation modules the chapter shows (all of them if it discovers them all)
    every = "discover(" in text
    for f in derivation_modules(project, text, every):
        h.update(project.rel(f).encode() + f.read_bytes())
        text += "\n" + f.read_text(encoding="utf-8")       # their mlfp imports count too
    for f in benchmark_modules(project, text):             # chapters may reuse a benchmark
        h.update(project.rel(f).encode() + f.read_bytes())
        text += "\n" + f.read_text(encoding="utf-8")       # its mlfp imports count too
    for f in imported_modules(project, text):
        h.update(project.rel(f).encode() + f.read_bytes())
    return h.hexdigest()


def derivation_modules(project: Project, text: str, every: bool = False) -> list[Path]:
    """derivations/*.py files named in `text` (all of them if `every`), and the ones those
    import, transitively (a derivation module may reuse another's helper)."""
    if not project.derivations_dir.exists():
        return []
    files = {f.stem: f for f in project.derivations_dir.glob("*.py")}
    wanted = set(files) if every else {"__init__"} & set(files)
    todo = [text] + [files[n].read_text(encoding="utf-8") for n in wanted]
    while todo:
        for name in re.findall(r"derivations\.(\w+)", todo.pop()):
            if name in files and name not in wanted:
                wanted.add(name)
                todo.append(files[name].read_text(encoding="utf-8"))
    return sorted(files[n] for n in wanted)


def benchmark_modules(project: Project, text: str) -> list[Path]:
    """benchmarks/*.py files named in `text`, and the ones those import, transitively."""
    found: dict[Path, None] = {}
    todo = [text]
    while todo:
        body = todo.pop()
        names = set(re.findall(r"benchmarks\.(\w+)", body))
        for group in re.findall(r"from\s+benchmarks\s+import\s+(\([^)]*\)|[\w ,]+)", body):
            names.update(re.findall(r"\w+", group))
        for name in sorted(names):
            f = project.root / "benchmarks" / f"{name}.py"
            if f.exists() and f not in found:
                found[f] = None
                todo.append(f.read_text(encoding="utf-8"))
    return sorted(found)


def _weave_worker(root: str, chapter_path: str, slug: str, out_md: str):
    """Runs in a fresh process: weave one chapter with an in-process kernel."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("MPLBACKEND", "Agg")
    # chapters weave side by side, one per core: one BLAS/OpenMP thread each, or
    # small matrix products slow down 10-50x from oversubscription
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ["MLFP_BOOK_BUILD"] = "1"
    sys.path[:0] = [str(Path(root) / "code"), root]
    sys.path.append(str(ROOT))  # this build.py, when weaving another tree (the tests' fixtures)
    import io
    import contextlib
    from weave_support import weave_chapter  # book/weave_support.py

    log = io.StringIO()
    t0 = time.perf_counter()
    try:
        with contextlib.redirect_stdout(log):
            weave_chapter(Path(root), Path(chapter_path), slug, Path(out_md))
    except Exception as exc:  # report, don't raise across processes unpicklable things
        from weave_support import ChunkError
        msg = str(exc) if isinstance(exc, (ChunkError, BuildError)) else \
            f"{chapter_path}: weave failed: {type(exc).__name__}: {exc}"
        return {"ok": False, "error": msg, "log": log.getvalue(), "seconds": time.perf_counter() - t0}
    return {"ok": True, "log": log.getvalue(), "seconds": time.perf_counter() - t0}


def cmd_weave(project: Project, jobs=None, only=None, force=False) -> list[Chapter]:
    meta, parts, chapters = load_book(project)
    cmd_tangle(project)
    if only:
        sel = [c for c in chapters if c.slug == only or c.slug.split("-", 1)[-1] == only]
        if not sel:
            raise BuildError(f"--chapter {only}: no such chapter (slugs: {', '.join(c.slug for c in chapters)})")
    else:
        sel = chapters
    for ch in sel:  # validate every chapter before running any
        read_chunks(project, ch.path)
    project.md_dir.mkdir(parents=True, exist_ok=True)
    project.cache_dir.mkdir(parents=True, exist_ok=True)
    todo = []
    for ch in sel:
        key = weave_key(project, ch)
        stamp = project.cache_dir / f"{ch.slug}.json"
        out = project.md_dir / f"{ch.slug}.md"
        if not force and out.exists() and stamp.exists() and json.loads(stamp.read_text()).get("key") == key:
            continue
        todo.append((ch, key))
    cached = len(sel) - len(todo)
    jobs = jobs or os.cpu_count() or 1
    print(f"weave: {len(sel)} chapter(s), {cached} cached, {len(todo)} to run on {min(jobs, max(len(todo), 1))} job(s)",
          flush=True)
    if not todo:
        return sel
    sys.path.insert(0, str(project.book_dir))
    sys.path.insert(0, str(ROOT / "book"))
    failures, done, t_start = [], 0, time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, max_tasks_per_child=1,
                                initializer=_worker_init, initargs=(str(ROOT / "book"),)) as pool:
        futures = {pool.submit(_weave_worker, str(project.root), str(ch.path), ch.slug,
                               str(project.md_dir / f"{ch.slug}.md")): (ch, key) for ch, key in todo}
        for fut in cf.as_completed(futures):
            ch, key = futures[fut]
            res = fut.result()
            done += 1
            bar = "#" * int(20 * done / len(todo))
            status = "ok" if res["ok"] else "FAILED"
            print(f"  [{bar:<20}] {done}/{len(todo)}  {ch.slug:<40} {res['seconds']:6.1f} s  {status}",
                  flush=True)
            if res["ok"]:
                (project.cache_dir / f"{ch.slug}.json").write_text(
                    json.dumps({"key": key, "seconds": round(res["seconds"], 2)}))
            else:
                failures.append(res["error"])
    print(f"weave: finished in {time.perf_counter() - t_start:.1f} s", flush=True)
    if failures:
        raise BuildError("\n\n".join(failures))
    return sel


def _worker_init(book_dir):
    sys.path.insert(0, book_dir)


# --------------------------------------------------------------------------
# render: one markdown book -> pandoc (+ Lua filters, citeproc) -> Typst / HTML
# --------------------------------------------------------------------------
LABEL_DEF_RE = re.compile(r"\{#((?:eq|fig|sec|tab):[\w.-]+)[\s}]|#\|\s*label:\s*((?:eq|fig|sec|tab):[\w.-]+)")
REF_RE = re.compile(r"(?<![\w@`])@((?:eq|fig|sec|tab):[\w-]+(?:\.[\w-]+)*)")
CITE_RE = re.compile(r"(?<![\w@`/])@([A-Za-z][\w:-]*[\w])")


def _strip_code(text: str) -> str:
    """Blank out fenced and inline code (keep line count), so refs inside code don't count."""
    out, fence = [], None
    for line in text.splitlines():
        s = line.lstrip()
        if fence is None and re.match(r"^(`{3,}|~{3,})", s):
            fence = s[:3]
            out.append("")
            continue
        if fence is not None:
            if s.startswith(fence):
                fence = None
            out.append("")
            continue
        out.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(out)


def _source_line(chapter: Chapter, needle: str) -> int:
    for i, line in enumerate(chapter.path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    return 1


def preflight(project: Project, chapters, bib_keys: set[str]):
    """Dangling cross-references, unknown citations and missing figures, with chapter:line."""
    labels: dict[str, str] = {}
    texts = {}
    for ch in chapters:
        text = _strip_code((project.md_dir / f"{ch.slug}.md").read_text(encoding="utf-8"))
        texts[ch.slug] = text
        for m in LABEL_DEF_RE.finditer(text):
            lab = m.group(1) or m.group(2)
            if lab in labels:
                raise BuildError(f"{project.rel(ch.path)}:{_source_line(ch, lab)}: label '{lab}' is "
                                 f"also defined in {labels[lab]}")
            labels[lab] = project.rel(ch.path)
    errors = []
    for ch in chapters:
        text = texts[ch.slug]
        for m in REF_RE.finditer(text):
            if m.group(1) not in labels:
                errors.append(f"{project.rel(ch.path)}:{_source_line(ch, '@' + m.group(1))}: "
                              f"dangling reference @{m.group(1)} (no {{#{m.group(1)}}} anywhere in the book)")
        for m in CITE_RE.finditer(text):
            key = m.group(1)
            if key.split(":")[0] in ("eq", "fig", "sec", "tab"):
                continue
            if key not in bib_keys:
                errors.append(f"{project.rel(ch.path)}:{_source_line(ch, '@' + key)}: citation @{key} "
                              f"is not in book/references.bib")
        for m in re.finditer(r"!\[[^\]]*\]\(([^)\s]+)", text):
            img = m.group(1)
            if not (project.root / img).exists():
                errors.append(f"{project.rel(ch.path)}:{_source_line(ch, Path(img).name)}: "
                              f"figure file {img} does not exist")
    if errors:
        raise BuildError("\n".join(errors))
    return labels


def bib_keys(project: Project) -> set[str]:
    bib = project.book_dir / "references.bib"
    if not bib.exists():
        return set()
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8")))


def assemble_markdown(project: Project, meta, parts) -> str:
    """The whole book as one pandoc markdown document (parts become part headings)."""
    import yaml

    head = {k: meta[k] for k in ("title", "subtitle", "author", "date") if k in meta}
    head["link-citations"] = True
    out = ["---", yaml.safe_dump(head, allow_unicode=True).strip(), "---", ""]
    for part in parts:
        if part.kind == "part":
            out.append(f"# {part.title} {{.part .unnumbered}}\n")
            if part.intro:
                out.append(part.intro.strip() + "\n")
        elif part.kind == "appendix":
            out.append(f"# {part.title} {{.part .appendix-start .unnumbered}}\n")
        for ch in part.chapters:
            text = (project.md_dir / f"{ch.slug}.md").read_text(encoding="utf-8")
            out.append(f"<!-- chapter: {project.rel(ch.path)} -->\n")
            out.append(text.strip() + "\n")
    out.append("# References {.unnumbered #sec:references}\n\n::: {#refs}\n:::\n")
    return "\n".join(out)


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def run_pandoc(project: Project, args: list[str], stdin: str) -> str:
    # --citeproc runs where it stands among the filters: after crossref, which
    # must turn @fig:/@eq:/@sec:/@tab: "citations" into references first.
    cmd = [pandoc_path(), "--from", "markdown",
           "--lua-filter", str(ROOT / "book" / "filters" / "crossref.lua"),
           "--lua-filter", str(ROOT / "book" / "filters" / "callouts.lua"),
           "--citeproc", "--bibliography", str(project.book_dir / "references.bib"),
           "--resource-path", str(project.root), *args]
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=project.root)
    warnings = [l for l in proc.stderr.splitlines() if l.strip()]
    if proc.returncode != 0 or any("[WARNING] Citeproc" in w for w in warnings):
        raise BuildError("pandoc failed:\n" + proc.stderr.strip())
    for w in warnings:
        print(f"  pandoc: {w}")
    return proc.stdout


def _atomic_write_bytes(dest: Path, data: bytes):
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, dest)


def _prepare_render(project: Project, jobs, force):
    meta, parts, chapters = load_book(project)
    cmd_weave(project, jobs=jobs, force=force)
    preflight(project, chapters, bib_keys(project))
    return meta, parts, chapters, assemble_markdown(project, meta, parts)


def render_key(project: Project, md: str, fmt: str) -> str:
    """Hash of everything a render reads: the book's markdown, the figures it
    shows, the filters, templates and render code, and this build script."""
    h = hashlib.sha256(f"{BUILD_VERSION}:{fmt}".encode())
    h.update(md.encode())
    for img in sorted(set(re.findall(r"!\[[^\]]*\]\(([^)\s]+)", md))):
        f = project.root / img
        h.update(img.encode() + (f.read_bytes() if f.exists() else b""))
    book = ROOT / "book"
    for f in sorted([*book.glob("filters/*"), *book.glob("templates/*"), *book.glob("*.py"),
                     project.book_dir / "references.bib", Path(__file__)]):
        if f.is_file():
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def _render_cached(project: Project, key: str, output: Path, fmt: str) -> bool:
    stamp = project.cache_dir / f"render-{fmt}.json"
    if output.exists() and stamp.exists() and json.loads(stamp.read_text()).get("key") == key:
        print(f"{fmt}: {project.rel(output)} is up to date (nothing changed since the last render)")
        return True
    return False


def _render_done(project: Project, key: str, fmt: str):
    project.cache_dir.mkdir(parents=True, exist_ok=True)
    (project.cache_dir / f"render-{fmt}.json").write_text(json.dumps({"key": key}))


def cmd_pdf(project: Project, jobs=None, force=False):
    import typst
    from typst_fixes import fix_typst

    meta, parts, chapters, md = _prepare_render(project, jobs, force)
    key = render_key(project, md, "pdf")
    if not force and _render_cached(project, key, project.build_dir / "book.pdf", "pdf"):
        return
    t0 = time.perf_counter()
    typ = run_pandoc(project, ["--to", "typst", "--standalone",
                               "--template", str(ROOT / "book" / "templates" / "book.typ")], md)
    typ = fix_typst(typ)
    project.build_dir.mkdir(parents=True, exist_ok=True)
    typ_path = project.build_dir / "book.typ"
    typ_path.write_text(typ, encoding="utf-8")
    try:
        pdf = typst.compile(str(typ_path), root=str(project.root))
    except Exception as exc:
        raise BuildError(f"typst failed on {project.rel(typ_path)}:\n{exc}") from None
    _atomic_write_bytes(project.build_dir / "book.pdf", pdf)
    _render_done(project, key, "pdf")
    print(f"pdf: {project.rel(project.build_dir / 'book.pdf')} ({len(pdf) / 1e6:.1f} MB, "
          f"render {time.perf_counter() - t0:.1f} s)")


def cmd_html(project: Project, jobs=None, force=False):
    from html_site import finish_site

    meta, parts, chapters, md = _prepare_render(project, jobs, force)
    key = render_key(project, md, "html")
    if not force and _render_cached(project, key, project.build_dir / "html" / "index.html", "html"):
        return
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(dir=project.build_dir, prefix=".html-"))
    try:
        run_pandoc(project, ["--to", "chunkedhtml", "--standalone", "--mathml", "--toc",
                             "--toc-depth", "2", "--split-level", "1", "--chunk-template", "%n.html",
                             "--template", str(ROOT / "book" / "templates" / "page.html"),
                             "--metadata", "lang=en", "-o", str(tmp / "site")], md)
        try:
            finish_site(tmp / "site", project.root)
        except RuntimeError as exc:
            raise BuildError(f"html: {exc}") from None
        dest = project.build_dir / "html"
        old = project.build_dir / ".html-old"
        if old.exists():
            shutil.rmtree(old)
        if dest.exists():
            dest.rename(old)
        (tmp / "site").rename(dest)
        if old.exists():
            shutil.rmtree(old)
        _render_done(project, key, "html")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    n = len(list((project.build_dir / "html").glob("*.html")))
    print(f"html: {project.rel(project.build_dir / 'html' / 'index.html')} ({n} pages, "
          f"render {time.perf_counter() - t0:.1f} s)")


# --------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["tangle", "check", "weave", "pdf", "html", "all"])
    ap.add_argument("--jobs", "-j", type=int, default=None, help="parallel chapters (default: cores)")
    ap.add_argument("--chapter", help="weave only this chapter (slug, e.g. 02-linear-algebra)")
    ap.add_argument("--force", action="store_true", help="ignore the weave cache")
    ap.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    project = Project(Path(args.root).resolve())
    sys.path.insert(0, str(ROOT / "book"))
    t0 = time.perf_counter()
    try:
        if args.command == "tangle":
            cmd_tangle(project)
        elif args.command == "check":
            return cmd_check(project)
        elif args.command == "weave":
            cmd_weave(project, args.jobs, args.chapter, args.force)
        elif args.command == "pdf":
            cmd_pdf(project, args.jobs, args.force)
        elif args.command == "html":
            cmd_html(project, args.jobs, args.force)
        elif args.command == "all":
            cmd_pdf(project, args.jobs, args.force)
            cmd_html(project, args.jobs, args.force)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.command}: done in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
