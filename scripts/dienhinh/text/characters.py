"""Characters that cannot be published, or that change what a reader sees: found by the validator,
never by a writer (XML feeds refuse control characters; a bidi override makes a name read differently)."""

from __future__ import annotations

import re

# C0 and C1 controls except tab and line breaks, lone surrogates, and the 66 noncharacters.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                           for plane in range(17))
_UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "]")
# Embeddings, overrides and isolates, and the marks that steer them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
ANY = re.compile(f"{_UNPUBLISHABLE.pattern}|{_BIDI.pattern}|{_ZERO_WIDTH.pattern}")


def code_points(found: list[str]) -> str:
    """'U+0000, U+202E' for the distinct characters found, in order of first appearance."""
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(found))


def unpublishable(text: str) -> list[str]:
    return _UNPUBLISHABLE.findall(text)


def bidi_controls(text: str) -> list[str]:
    return _BIDI.findall(text)


def zero_width(text: str) -> list[str]:
    return _ZERO_WIDTH.findall(text)
