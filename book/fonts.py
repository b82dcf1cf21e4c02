"""Fonts for the HTML edition, taken from packages the Makefile installs.

MathML needs an OpenType font with a MATH table, or Chromium draws fractions
and stretchy delimiters badly. The `typst` package already carries one (New
Computer Modern Math, SIL Open Font License) inside its library, the same font
the PDF uses; we copy it out of there rather than download anything.
"""
from __future__ import annotations

import struct
from pathlib import Path

SFNT_TAGS = (b"OTTO", b"\x00\x01\x00\x00")


def _font_at(blob: bytes, start: int):
    """If an sfnt font starts at `start`, return (length, table tags)."""
    try:
        num_tables = struct.unpack(">H", blob[start + 4:start + 6])[0]
    except struct.error:
        return None
    if not 4 <= num_tables <= 64:
        return None
    end, tags = 0, []
    for i in range(num_tables):
        rec = blob[start + 12 + 16 * i:start + 28 + 16 * i]
        if len(rec) < 16:
            return None
        tag, _, offset, length = struct.unpack(">4sIII", rec)
        if not all(32 <= c < 127 for c in tag) or offset > 50_000_000 or length > 50_000_000:
            return None
        tags.append(tag)
        end = max(end, offset + length)
    return end, tags


def _family(font: bytes) -> str:
    num_tables = struct.unpack(">H", font[4:6])[0]
    for i in range(num_tables):
        tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        if tag == b"name":
            table = font[offset:offset + length]
            count, str_off = struct.unpack(">HH", table[2:6])
            for j in range(count):
                pid, eid, lid, nid, ln, off = struct.unpack(">6H", table[6 + 12 * j:18 + 12 * j])
                if nid == 4:  # full font name
                    raw = table[str_off + off:str_off + off + ln]
                    return raw.decode("utf-16-be" if pid in (0, 3) else "latin-1", "replace")
    return ""


def embedded_fonts():
    """Yield (full name, tables, bytes) for every sfnt font inside the typst package."""
    import typst

    lib = next(Path(typst.__file__).parent.glob("_typst*"))
    blob = lib.read_bytes()
    for sig in SFNT_TAGS:
        pos = blob.find(sig)
        while pos != -1:
            found = _font_at(blob, pos)
            if found:
                font = blob[pos:pos + found[0]]
                name = _family(font)
                if name:
                    yield name, found[1], font
            pos = blob.find(sig, pos + 1)


# file name in the site -> full font name inside the typst package
WANTED = {
    "math.otf": "NewComputerModernMath-Regular",
    "serif-regular.otf": "Libertinus Serif Regular",
    "serif-italic.otf": "Libertinus Serif Italic",
    "serif-bold.otf": "Libertinus Serif Bold",
    "mono.ttf": "DejaVu Sans Mono",
}


def extract_fonts(dest: Path) -> dict[str, str]:
    """Copy the site's fonts into dest; fail loudly if the math font is missing."""
    found = {}
    by_name = {}
    for name, tables, font in embedded_fonts():
        by_name.setdefault(name, (tables, font))
    for file, name in WANTED.items():
        if name in by_name:
            dest.mkdir(parents=True, exist_ok=True)
            (dest / file).write_bytes(by_name[name][1])
            found[file] = name
    if "math.otf" not in found:
        maths = [n for n, (t, _) in by_name.items() if b"MATH" in t]
        raise RuntimeError(f"no {WANTED['math.otf']} in the typst package (math fonts there: {maths})")
    return found
