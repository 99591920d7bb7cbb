#!/usr/bin/env python3
"""Make the site's web fonts: one WOFF2 file per weight holding what Vietnamese text needs.

The fonts published before were Fontsource's three subsets (latin, latin-ext, vietnamese) for
each of three weights: nine files, a phone fetching up to six of them for one page. Vietnamese
needs Basic Latin, the Latin-1 letters, the eleven Vietnamese letters outside them, the
precomposed tone letters (U+1EA0–U+1EF9), the combining marks staff paste from old documents,
and typographic punctuation; this keeps exactly that. Weight 600 is dropped: browsers take 700
for it. The sources are the full-coverage TTFs the social cards use (scripts/dienhinh/fonts,
SIL Open Font License, theme/assets/fonts/OFL.txt).

Run after changing the character list: scripts/subset_fonts.py (needs fontTools and brotli, both
installed with the project).
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "scripts" / "dienhinh" / "fonts"
TARGET = ROOT / "theme" / "assets" / "fonts"
WEIGHTS = (400, 700)

# What Vietnamese pages print: letters, tone marks, digits, punctuation, ₫, arrows used by the pager.
UNICODES = [
    *range(0x20, 0x7F),          # Basic Latin
    *range(0xA0, 0x100),         # Latin-1: à á â ã è é ê ì í ò ó ô õ ù ú ý, ©, ·, «», nbsp
    0x102, 0x103, 0x110, 0x111,  # Ă ă Đ đ
    0x128, 0x129, 0x168, 0x169,  # Ĩ ĩ Ũ ũ
    0x1A0, 0x1A1, 0x1AF, 0x1B0,  # Ơ ơ Ư ư
    0x300, 0x301, 0x303, 0x306, 0x309, 0x323,  # combining grave, acute, tilde, breve, hook, dot below
    *range(0x1EA0, 0x1EFA),      # precomposed Vietnamese letters with tones
    *range(0x2010, 0x2028),      # dashes, quotes, bullet, ellipsis
    0x2030, 0x2039, 0x203A,      # ‰ ‹ ›
    0x20AB, 0x20AC, 0x2116, 0x2122,  # ₫ € № ™
    0x2190, 0x2191, 0x2192, 0x2193, 0x2212,  # arrows, minus
]


def main() -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "mark", "mkmk", "ccmp", "locl"]
    options.hinting = False  # screens render these without TrueType hints; a third of the bytes
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep copyright and names, as the licence asks
    for weight in WEIGHTS:
        font = subset.load_font(str(SOURCES / f"BeVietnamPro-{weight}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        target = TARGET / f"be-vietnam-pro-{weight}.woff2"
        subset.save_font(font, str(target), options)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
