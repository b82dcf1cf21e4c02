"""Finishing the HTML site pandoc wrote: every page gets the book's table of
contents (pandoc puts it on the first page only), the stylesheet, the fonts and
the figures, so that the folder works offline from any location."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from fonts import extract_fonts

HERE = Path(__file__).resolve().parent


def _site_toc(index_html: str) -> str:
    m = re.search(r'<nav id="TOC" role="doc-toc">(.*?)</nav>', index_html, re.S)
    if not m:
        raise RuntimeError("pandoc wrote no table of contents on index.html")
    toc = re.sub(r"<h2>Contents</h2>", "", m.group(1))
    return f'<nav class="site-toc">{toc}</nav>'


def finish_site(site: Path, root: Path):
    pages = sorted(site.glob("*.html"))
    toc = _site_toc((site / "index.html").read_text(encoding="utf-8"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        here = page.name
        mine = toc.replace(f'href="{here}"', f'href="{here}" class="current"', 1)
        html = html.replace("<!--SITE-TOC-->", mine)
        # resources (scripts, styles, images, fonts) must be local; links to DOIs may be external
        bad = re.search(r'(?:<(?:script|img|source|iframe)[^>]*\ssrc|<link[^>]*\shref)="((?:https?:)?//[^"]+)"', html)
        if bad:
            raise RuntimeError(f"{here} loads an external resource {bad.group(1)}; the site must work offline")
        page.write_text(html, encoding="utf-8")
    shutil.copy(HERE / "templates" / "book.css", site / "book.css")
    extract_fonts(site / "fonts")
    # figures: pandoc's chunkedhtml keeps image paths as written (figures/<chapter>/...)
    for img in set(re.findall(r'<img src="([^"]+)"', "".join(p.read_text() for p in pages))):
        src = root / img
        if not src.exists():
            raise RuntimeError(f"figure {img} used by the site does not exist")
        dest = site / img
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)
