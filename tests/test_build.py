"""The build itself, on small fixture books in a temporary directory.

Each bad input must stop the build with a non-zero exit and a message naming
the chapter file and line, and must leave earlier outputs where they were.
"""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build.py"

BOOK_YAML = """\
title: "Fixture"
parts:
  - title: "Part One"
    chapters:
      - 01-part/01-alpha
      - 01-part/02-beta
"""

ALPHA = """\
# Alpha {#sec:alpha}

Some text citing [@knuth1984literate] and @eq:one.

$$ a = b $$ {#eq:one}

```python, tangle='fixture/alpha.py'
def double(x):
    return 2 * x
```

```python
from mlfp.fixture.alpha import double
print(double(21))
```
"""

BETA = """\
# Beta {#sec:beta}

Beta refers to @sec:alpha.

```python, tangle='fixture/beta.py'
def triple(x):
    return 3 * x
```
"""

BIB = """\
@article{knuth1984literate,
  author = {Knuth, Donald E.}, title = {Literate Programming},
  journal = {The Computer Journal}, year = {1984}
}
"""


def make_book(tmp_path, alpha=ALPHA, beta=BETA, derivations=None):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "book.yaml").write_text(BOOK_YAML)
    (tmp_path / "book" / "references.bib").write_text(BIB)
    ch = tmp_path / "chapters" / "01-part"
    ch.mkdir(parents=True)
    (ch / "01-alpha.pmd").write_text(alpha)
    (ch / "02-beta.pmd").write_text(beta)
    (tmp_path / "derivations").mkdir()
    (tmp_path / "derivations" / "__init__.py").write_text("")
    if derivations:
        (tmp_path / "derivations" / "fixture_derivs.py").write_text(derivations)
    return tmp_path


def run(root, *args):
    proc = subprocess.run([sys.executable, str(BUILD), *args, "--root", str(root)],
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def error_lines(out):
    return [l for l in out.splitlines() if l.startswith("error:")]


# ------------------------------------------------------------------ tangle
def test_tangle_writes_modules_with_markers_and_reexports(tmp_path):
    root = make_book(tmp_path)
    code, out = run(root, "tangle")
    assert code == 0, out
    alpha = (root / "code/mlfp/fixture/alpha.py").read_text()
    assert "GENERATED FILE" in alpha and "chapters/01-part/01-alpha.pmd" in alpha
    assert "# chapters/01-part/01-alpha.pmd:7\n" in alpha  # the chunk header's line
    init = (root / "code/mlfp/fixture/__init__.py").read_text()
    assert "from .alpha import double" in init and "from .beta import triple" in init


def test_tangle_conflict_names_both_chapters_and_lines(tmp_path):
    beta = BETA.replace("fixture/beta.py", "fixture/alpha.py")
    root = make_book(tmp_path, beta=beta)
    code, out = run(root, "tangle")
    assert code != 0
    msg = "\n".join(error_lines(out))
    assert "chapters/01-part/02-beta.pmd:5" in msg and "chapters/01-part/01-alpha.pmd:7" in msg
    assert "conflict" in msg


@pytest.mark.parametrize("header, expect", [
    ("```python, tangle='../evil.py'", "outside code/mlfp"),
    ("```python, tangle='/tmp/evil.py'", "outside code/mlfp"),
    ("```python, tangle='fixture/notpython.txt'", "ending in .py"),
    ("```python, colour='red'", "unknown chunk option"),
    ("```python, echo=Tru e", "malformed chunk header"),
])
def test_bad_chunk_headers_are_named_by_file_and_line(tmp_path, header, expect):
    beta = BETA.replace("```python, tangle='fixture/beta.py'", header)
    root = make_book(tmp_path, beta=beta)
    code, out = run(root, "tangle")
    assert code != 0
    errs = error_lines(out)
    assert len(errs) == 1, out          # one line, not a traceback
    assert errs[0].startswith("error: chapters/01-part/02-beta.pmd:5:") and expect in errs[0]


def test_syntax_error_in_chunk_names_its_line(tmp_path):
    beta = BETA.replace("    return 3 * x", "    return 3 *")
    root = make_book(tmp_path, beta=beta)
    code, out = run(root, "tangle")
    assert code != 0
    assert "chapters/01-part/02-beta.pmd:7: syntax error" in out


def test_unlisted_chapter_is_an_error(tmp_path):
    root = make_book(tmp_path)
    (root / "chapters/01-part/03-stray.pmd").write_text("# Stray\n")
    code, out = run(root, "tangle")
    assert code != 0 and "03-stray.pmd:1: chapter is not listed" in out


def test_check_detects_a_hand_edit_in_code(tmp_path):
    root = make_book(tmp_path)
    assert run(root, "tangle")[0] == 0
    assert run(root, "check")[0] == 0
    target = root / "code/mlfp/fixture/beta.py"
    target.write_text(target.read_text().replace("3 * x", "4 * x"))
    code, out = run(root, "check")
    assert code != 0
    assert "-    return 4 * x" in out and "+    return 3 * x" in out   # the diff is printed


# ------------------------------------------------------------------ weave
def test_weave_runs_chunks_and_second_build_is_a_cache_hit(tmp_path):
    root = make_book(tmp_path)
    code, out = run(root, "weave")
    assert code == 0, out
    md = (root / "build/md/01-alpha.md").read_text()
    assert "42" in md                                  # the chunk ran
    assert 'tangle="mlfp/fixture/alpha.py"' in md      # listing shows its module
    code, out = run(root, "weave")
    assert code == 0 and "2 cached, 0 to run" in out
    (root / "chapters/01-part/02-beta.pmd").write_text(BETA + "\nMore text.\n")
    code, out = run(root, "weave")
    assert code == 0 and "1 cached, 1 to run" in out


def test_raising_chunk_fails_with_chapter_line_and_keeps_the_old_pdf(tmp_path):
    root = make_book(tmp_path)
    code, out = run(root, "pdf")
    assert code == 0, out
    pdf = root / "build/book.pdf"
    before = pdf.read_bytes()
    assert before.startswith(b"%PDF")
    # line 15 of the chapter: the third line of the chunk that starts on line 12
    broken = ALPHA.replace("print(double(21))", "print(double(21))\nraise RuntimeError('boom')")
    (root / "chapters/01-part/01-alpha.pmd").write_text(broken)
    code, out = run(root, "pdf")
    assert code != 0
    assert "chapters/01-part/01-alpha.pmd:15: chunk raised RuntimeError: boom" in out
    assert "Traceback" in out or "RuntimeError" in out
    assert pdf.read_bytes() == before                 # previous output intact
    assert "boom" not in (root / "build/md/01-alpha.md").read_text()


def test_raising_inline_expression_fails(tmp_path):
    alpha = ALPHA.replace("Some text", "Some <%= 1/0 %> text")
    root = make_book(tmp_path, alpha=alpha)
    code, out = run(root, "weave")
    assert code != 0
    assert "chapters/01-part/01-alpha.pmd:3: inline expression raised ZeroDivisionError" in out


DERIVS = '''
import sympy as sp
from mlfp.derive import Derivation, derivation
x = sp.Symbol("x", real=True)

@derivation
def wrong():
    return Derivation("wrong").step((x + 1) ** 2, x**2 + 1, "forgot 2x")
'''


def test_unverified_derivation_fails_the_weave(tmp_path):
    fixture_ch1 = ROOT / "chapters/00-front/01-how-this-book-checks-itself.pmd"
    assert fixture_ch1.exists()
    alpha = ALPHA + textwrap.dedent('''
        ```python, echo=False, results='markdown'
        from derivations.fixture_derivs import wrong
        print(wrong().markdown())
        ```
        ''')
    root = make_book(tmp_path, alpha=alpha, derivations=DERIVS)
    # the fixture book needs mlfp.derive: borrow the real chapter 1 as a third chapter
    (root / "chapters/00-front").mkdir()
    (root / "chapters/00-front/01-checks.pmd").write_text(fixture_ch1.read_text())
    (root / "book/book.yaml").write_text(BOOK_YAML + "      - 00-front/01-checks\n")
    code, out = run(root, "weave", "--chapter", "01-alpha")
    assert code != 0
    assert "chapters/01-part/01-alpha.pmd:19: chunk raised DerivationError" in out
    assert "forgot 2x" in out


def test_figure_without_caption_or_label_is_an_error(tmp_path):
    alpha = ALPHA + textwrap.dedent('''
        ```python
        import matplotlib.pyplot as plt
        plt.plot([1, 2], [3, 4])
        ```
        ''')
    root = make_book(tmp_path, alpha=alpha)
    code, out = run(root, "weave")
    assert code != 0 and "01-alpha.pmd:17: chunk draws a figure but has no caption" in out


# ------------------------------------------------------------------ render
def test_dangling_reference_fails_with_chapter_line(tmp_path):
    beta = BETA.replace("@sec:alpha", "@eq:nowhere")
    root = make_book(tmp_path, beta=beta)
    code, out = run(root, "pdf")
    assert code != 0
    assert "chapters/01-part/02-beta.pmd:3: dangling reference @eq:nowhere" in out
    assert not (root / "build/book.pdf").exists()


def test_missing_bib_key_fails(tmp_path):
    alpha = ALPHA.replace("knuth1984literate", "nobody2099")
    root = make_book(tmp_path, alpha=alpha)
    code, out = run(root, "html")
    assert code != 0
    assert "chapters/01-part/01-alpha.pmd:3: citation @nobody2099 is not in book/references.bib" in out


def test_missing_figure_file_fails(tmp_path):
    alpha = ALPHA + "\n![A picture](figures/static/missing.svg){#fig:missing}\n"
    root = make_book(tmp_path, alpha=alpha)
    code, out = run(root, "pdf")
    assert code != 0 and "figure file figures/static/missing.svg does not exist" in out


def test_pdf_and_html_resolve_references_to_numbers(tmp_path):
    root = make_book(tmp_path)
    code, out = run(root, "html")
    assert code == 0, out
    pages = "".join(p.read_text() for p in (root / "build/html").glob("*.html"))
    assert ">(1.1)<" in pages            # @eq:one in chapter 1
    assert ">Chapter\u00a01<" in pages        # @sec:alpha is a chapter
    assert "Knuth" in pages              # citeproc ran
    assert "<math" in pages              # MathML
    assert (root / "build/html/fonts/math.otf").exists()
    code, out = run(root, "pdf")
    assert code == 0, out
    typ = (root / "build/book.typ").read_text()
    assert 'numbering: _ => "(1.1)"' in typ and "#link(<eq:one>)[(1.1)]" in typ
    # nothing changed: neither chapters nor the render run again
    code, out = run(root, "pdf")
    assert code == 0 and "2 cached, 0 to run" in out and "is up to date" in out
    (root / "book/references.bib").write_text(BIB + "\n% edited\n")
    code, out = run(root, "pdf")
    assert code == 0 and "is up to date" not in out and "pdf: build/book.pdf" in out


def test_weave_key_follows_benchmarks_a_chapter_imports_transitively(tmp_path):
    """A chapter that prints a benchmark's table is re-woven when a helper that benchmark
    imports changes (benchmarks/_timing.py), not only when the benchmark file itself does."""
    sys.path.insert(0, str(ROOT))
    import build

    alpha = ALPHA + ("\n```python\nfrom benchmarks.bench_fixture import run\n"
                     "from benchmarks import (bench_other,\n    bench_third)\n```\n")
    root = make_book(tmp_path, alpha=alpha)
    (root / "benchmarks").mkdir()
    (root / "benchmarks" / "__init__.py").write_text("")
    (root / "benchmarks" / "bench_fixture.py").write_text("from benchmarks._timing import clock\n")
    (root / "benchmarks" / "_timing.py").write_text("clock = 1\n")
    (root / "benchmarks" / "bench_other.py").write_text("")
    (root / "benchmarks" / "bench_third.py").write_text("")
    project = build.Project(root)
    chapter = next(c for c in build.load_book(project)[2] if c.slug == "01-alpha")
    assert [f.name for f in build.benchmark_modules(project, chapter.path.read_text())] == \
        ["_timing.py", "bench_fixture.py", "bench_other.py", "bench_third.py"]
    before = build.weave_key(project, chapter)
    (root / "benchmarks" / "_timing.py").write_text("clock = 2\n")
    assert build.weave_key(project, chapter) != before


def test_weave_key_follows_derivation_modules_transitively(tmp_path):
    """A chapter showing derivations.fixture_b is re-woven when derivations.fixture_a, whose
    helper fixture_b imports, changes."""
    sys.path.insert(0, str(ROOT))
    import build

    alpha = ALPHA + "\n```python\nfrom derivations.fixture_b import shown\n```\n"
    root = make_book(tmp_path, alpha=alpha)
    (root / "derivations" / "fixture_a.py").write_text("HELPER = 1\n")
    (root / "derivations" / "fixture_b.py").write_text("from derivations.fixture_a import HELPER\n")
    (root / "derivations" / "fixture_c.py").write_text("UNRELATED = 1\n")
    project = build.Project(root)
    chapter = next(c for c in build.load_book(project)[2] if c.slug == "01-alpha")
    assert [f.name for f in build.derivation_modules(project, chapter.path.read_text())] == \
        ["__init__.py", "fixture_a.py", "fixture_b.py"]
    before = build.weave_key(project, chapter)
    (root / "derivations" / "fixture_a.py").write_text("HELPER = 2\n")
    assert build.weave_key(project, chapter) != before
