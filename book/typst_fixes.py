"""Repairs to the Typst that pandoc writes for mathematics (filled in below)."""


def fix_typst(typ: str) -> str:
    return typ
