"""Repairs to the Typst math that pandoc 3.9 writes from LaTeX.

Three constructs that appear on nearly every page of an ML book come out
wrong, and are fixed here on the generated .typ text, inside math only:

- ``\\operatorname*{arg\\,min}_{w}`` becomes ``"arg min"_w``, a string with a
  subscript set *beside* it; it must be an operator with limits *under* it.
  The same for ``\\min``/``\\max``/``\\sup``/``\\inf`` written as strings.
- ``|x|`` becomes ``\\| x \\|``, two loose bars with operator spacing; and
  ``\\|x\\|`` becomes ``parallel x parallel``, relation symbols with wide
  spacing. Matched pairs become ``abs(x)`` and ``norm(x)``.
- ``cases`` rows ``1 & "if " x > 0`` put the condition right against the
  value; a ``quad`` after each ``&`` separates the columns.
- ``\\otimes`` becomes ``times.circle``, a modifier Typst 0.15 no longer
  knows; it is ``times.o`` now (likewise ``plus.o`` and friends).
"""
from __future__ import annotations

import re

def _math_spans(typ: str):
    """Yield (start, end) of each $...$ math span, skipping code and strings outside math."""
    i, n = 0, len(typ)
    in_raw = False
    while i < n:
        if typ.startswith("```", i):
            end = typ.find("```", i + 3)
            i = n if end == -1 else end + 3
            continue
        c = typ[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            end = typ.find("`", i + 1)
            i = n if end == -1 else end + 1
            continue
        if c == "$":
            j = i + 1
            while j < n:
                if typ[j] == "\\":
                    j += 2
                    continue
                if typ[j] == '"':             # strings inside math may hold $
                    k = typ.find('"', j + 1)
                    j = n if k == -1 else k + 1
                    continue
                if typ[j] == "$":
                    break
                j += 1
            yield i, j + 1
            i = j + 1
            continue
        i += 1


def _balanced_end(s: str, open_idx: int) -> int:
    """Index just past the parenthesis matching s[open_idx] == '('."""
    depth, i = 0, open_idx
    while i < len(s):
        ch = s[i]
        if ch == '"':
            k = s.find('"', i + 1)
            i = len(s) if k == -1 else k + 1
            continue
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(s)


def _fix_cases(m: str) -> str:
    out, pos = [], 0
    for hit in re.finditer(r"cases\(", m):
        start = hit.end() - 1
        if start < pos:
            continue
        end = _balanced_end(m, start)
        inner = m[start:end]
        # only top-level & of this call (nested calls keep theirs)
        fixed, depth, i = [], 0, 0
        while i < len(inner):
            ch = inner[i]
            if ch == '"':
                k = inner.find('"', i + 1)
                k = len(inner) if k == -1 else k + 1
                fixed.append(inner[i:k])
                i = k
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            if ch == "&" and depth == 1:
                fixed.append("& quad")
            else:
                fixed.append(ch)
            i += 1
        out.append(m[pos:start] + "".join(fixed))
        pos = end
    out.append(m[pos:])
    return "".join(out)


def fix_math(m: str) -> str:
    # "arg min" may hold a thin or no-break space from \, or ~
    m = re.sub(r'(?:upright\()?"arg[\s\u2009\u202f\u00a0]*(min|max)"\)?_',
               'op("arg\u2009\\1", limits: #true)_', m)
    m = re.sub(r"\barg\s+(min|max)_", 'op("arg\u2009\\1", limits: #true)_', m)
    # \|x\| -> norm(x); |x| -> abs(x)   (innermost pairs without nested bars)
    m = re.sub(r"parallel\s+((?:(?!parallel)[^$])+?)\s+parallel", r"norm(\1)", m)
    m = re.sub(r"\\\|\s*([^|$\\]+?)\s*\\\|", r"abs(\1)", m)
    # Typst 0.15 renamed the "circle" symbol modifier (times.circle -> times.o)
    m = re.sub(r"\b(times|plus|minus|dot|div|slash)\.circle\b", r"\1.o", m)
    if "cases(" in m:
        m = _fix_cases(m)
    return m


def fix_typst(typ: str) -> str:
    out, pos = [], 0
    for start, end in _math_spans(typ):
        out.append(typ[pos:start])
        out.append(fix_math(typ[start:end]))
        pos = end
    out.append(typ[pos:])
    return "".join(out)
