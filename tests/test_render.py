"""The render helpers: Typst math repairs and the site's math font."""
from typst_fixes import fix_math, fix_typst


def test_argmin_gets_limits_under():
    out = fix_math('$ hat(w) = "arg\u2009min"_w L(w) $')
    assert 'op("arg\u2009min", limits: #true)_w' in out


def test_norms_and_absolute_values_become_functions():
    assert fix_math("$ parallel y - X w parallel^2 $") == "$ norm(y - X w)^2 $"
    assert fix_math(r"$ \| x \| + \| y \| $") == "$ abs(x) + abs(y) $"


def test_cases_columns_are_separated_only_at_top_level():
    out = fix_math('$ cases(delim: "{", 1 & upright("if ") x > 0, mat(a & b) & 0) $')
    assert out.count("& quad") == 2 and "mat(a & b)" in out


def test_only_math_is_touched():
    typ = 'Text "arg min"_w and `parallel x parallel` $ parallel x parallel $'
    out = fix_typst(typ)
    assert out.startswith('Text "arg min"_w and `parallel x parallel`')
    assert out.endswith("$ norm(x) $")


def test_site_math_font_is_an_opentype_math_font(tmp_path):
    from fonts import extract_fonts

    found = extract_fonts(tmp_path)
    data = (tmp_path / "math.otf").read_bytes()
    assert data[:4] in (b"OTTO", b"\x00\x01\x00\x00")
    assert b"MATH" in data[12:12 + 16 * 40]          # the table directory lists MATH
    assert found["math.otf"].startswith("NewComputerModernMath")


def test_circled_operators_use_typst_015_names():
    assert fix_math("$ A times.circle B plus.circle C $") == "$ A times.o B plus.o C $"
