"""Weaving one chapter with Pweave, strictly.

Pweave by default writes a chunk's traceback into the document and carries on.
Here a chunk (or inline ``<%= %>`` expression) that raises stops the weave with
``chapters/x.pmd:LINE`` and the traceback; a figure without a caption and a
``fig:`` label is an error too; figures are saved as SVG; and chunks that are
tangled show the module they are tangled into.
"""
from __future__ import annotations

import base64
import os
import re
import shutil
from pathlib import Path

from pweave import Pweb, rcParams
from pweave.formatters.markdown import PwebPandocFormatter
from pweave.processors.jupyter import IPythonProcessor


# Output is shown as printed: re-wrapping at 70 columns breaks tables and tracebacks.
rcParams["chunk"]["defaultoptions"]["wrap"] = False


class ChunkError(Exception):
    """A chunk raised; the message names chapter:line."""


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


class StrictProcessor(IPythonProcessor):
    chapter_rel = "?"
    chunk_lines: dict = {}
    source_text = ""

    def init_matplotlib(self):
        self.loadstring(
            "%matplotlib inline\n"
            "from matplotlib_inline.backend_inline import set_matplotlib_formats\n"
            "set_matplotlib_formats('svg', metadata={'Date': None})\n"
            "import matplotlib\n"
            "matplotlib.rcParams.update({'svg.hashsalt': 'mlfp', 'figure.dpi': 100,\n"
            "    'font.size': 10, 'axes.grid': True, 'grid.alpha': 0.3,\n"
            "    'axes.spines.top': False, 'axes.spines.right': False})\n"
        )

    def pre_run_hook(self, chunk):
        w, h = chunk["f_size"]
        self.loadstring(f"matplotlib.rcParams.update({{'figure.figsize': ({w}, {h})}})")

    def _runcode(self, chunk):
        self._current = chunk
        return super()._runcode(chunk)

    def _where(self, needle=None):
        chunk = getattr(self, "_current", None)
        if chunk is not None and chunk.get("type") == "code":
            return f"{self.chapter_rel}:{self.chunk_lines.get(chunk['number'], '?')}"
        line = "?"
        if needle:
            for i, text in enumerate(self.source_text.splitlines(), 1):
                if needle.strip() in text:
                    line = i
                    break
        return f"{self.chapter_rel}:{line}"

    def _error_line(self, tb):
        """The chapter line that raised: chunk header + line within the cell."""
        chunk = getattr(self, "_current", None)
        header = self.chunk_lines.get(chunk["number"]) if chunk and chunk.get("type") == "code" else None
        cells = re.findall(r"(?:Cell In\[\d+\]|<ipython-input-[^>]*>), line (\d+)", tb)
        if header is None or not cells:
            return None
        content = chunk.get("content", "")
        skipped = len(content) - len(content.lstrip("\n")) - 1   # blank lines lstrip()ed away
        return header + max(skipped, 0) + int(cells[0])

    def _raise_on_error(self, outputs, code, inline=False):
        for out in outputs:
            if out.get("output_type") == "error":
                tb = _strip_ansi("\n".join(out.get("traceback", [])))
                kind = "inline expression" if inline else "chunk"
                where = self._where(code if inline else None)
                line = None if inline else self._error_line(tb)
                if line is not None:
                    where = f"{self.chapter_rel}:{line}"
                raise ChunkError(f"{where}: {kind} raised "
                                 f"{out.get('ename')}: {out.get('evalue')}\n{tb}")

    def loadstring(self, code_str, **kwargs):
        outputs = self.run_cell(code_str)
        self._raise_on_error(outputs, code_str)
        return outputs

    def load_inline_string(self, code_string):
        outputs = self.run_cell(code_string)
        self._raise_on_error(outputs, code_string, inline=True)
        result = ""
        for out in outputs:
            if out["output_type"] == "stream":
                result += out["text"]
            elif "text/plain" in out.get("data", {}):
                text = out["data"]["text/plain"]
                # `<%= f"{x:.3f}" %>` should print 0.123, not '0.123'
                if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
                    text = text[1:-1]
                result += text
        return result


class BookFormatter(PwebPandocFormatter):
    """Pandoc markdown with SVG figures, labelled figures and tangled-file labels."""

    chapter_rel = "?"
    chunk_lines: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fig_mimetypes = ["image/svg+xml", "image/png"]
        self.mime_extensions["image/svg+xml"] = "svg"

    def initformat(self):
        super().initformat()
        self.formatdict.update(outputstart="```{.output}", figfmt=".svg")

    def format_codechunks(self, chunk):
        target = chunk.get("tangle") or chunk.get("options", {}).get("tangle")
        chunk["codestart"] = f'```{{.python tangle="mlfp/{target}"}}' if target else "```python"
        if str(chunk.get("name") or "").startswith("fig:"):
            # a figure chunk's last expression (Text(...), [<Line2D>]) is noise, not output
            chunk["result"] = [o for o in chunk.get("result") or [] if o["output_type"] != "execute_result"]
        return PwebPandocFormatter.format_codechunks(self, chunk)

    def figures_from_chunk(self, chunk):
        figs, i = [], 1
        for out in chunk.get("result") or []:
            if out["output_type"] != "display_data":
                continue
            for mimetype in self.fig_mimetypes:
                if mimetype in out["data"]:
                    fig_name, include_name = self.get_figname(chunk, i, mimetype)
                    data = out["data"][mimetype]
                    if mimetype == "image/svg+xml":
                        blob = data.encode("utf-8") if isinstance(data, str) else data
                    else:
                        blob = base64.b64decode(data)
                    Path(fig_name).write_bytes(blob)
                    figs.append(include_name)
                    i += 1
                    break
        if figs:
            where = f"{self.chapter_rel}:{self.chunk_lines.get(chunk['number'], '?')}"
            name = chunk.get("name") or ""
            if not chunk.get("caption") or not str(name).startswith("fig:"):
                raise ChunkError(f"{where}: chunk draws a figure but has no caption='...' and "
                                 f"name='fig:...' (every figure needs both)")
            if len(figs) > 1:
                raise ChunkError(f"{where}: chunk draws {len(figs)} figures; draw one (use subplots)")
        return figs

    def make_figure_string(self, figname, width, label, caption=""):
        attrs = f"#{label}" if label else ""
        if width:
            attrs += f" width={width}"
        return f"![{caption}]({figname}){{{attrs}}}\n" if attrs else f"![{caption}]({figname})\n"


def weave_chapter(root: Path, chapter: Path, slug: str, out_md: Path):
    import build  # the project's build.py (on sys.path)

    project = build.Project(root)
    rel = project.rel(chapter)
    chunks = build.read_chunks(project, chapter)
    lines = {c.number: c.line for c in chunks}
    StrictProcessor.chapter_rel = BookFormatter.chapter_rel = rel
    StrictProcessor.chunk_lines = BookFormatter.chunk_lines = lines
    StrictProcessor.source_text = chapter.read_text(encoding="utf-8")

    fig_final = project.figures_dir / slug
    fig_tmp = project.figures_dir / f".{slug}.tmp"
    shutil.rmtree(fig_tmp, ignore_errors=True)
    out_md.parent.mkdir(parents=True, exist_ok=True)
    figdir_rel = os.path.relpath(fig_tmp, out_md.parent)

    doc = Pweb(str(chapter), doctype="pandoc", output=str(out_md), figdir=figdir_rel)
    doc.setformat(Formatter=BookFormatter)
    try:
        doc.run(Processor=StrictProcessor)
        doc.format()
    except Exception:
        shutil.rmtree(fig_tmp, ignore_errors=True)
        raise
    text = doc.formatted.replace("\r", "")
    # figure paths relative to the project root, in their final folder
    text = text.replace(f"]({figdir_rel}/", f"](figures/{slug}/")
    text = f"<!-- woven from {rel}; do not edit -->\n\n" + text.strip() + "\n"

    tmp_md = out_md.with_suffix(".md.tmp")
    tmp_md.write_text(text, encoding="utf-8")
    if fig_final.exists():
        shutil.rmtree(fig_final)
    if fig_tmp.exists():
        fig_tmp.rename(fig_final)
    os.replace(tmp_md, out_md)
