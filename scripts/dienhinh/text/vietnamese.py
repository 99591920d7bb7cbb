"""Vietnamese text rules shared by every stage: normal form, look-alikes, slugs, folding.

Staff paste text from Word (CP1258, NFD), macOS file names (NFD) and old PDFs
(look-alike Ð). Everything we store or emit is NFC with the real letter Đ, and
every derived key (slug, search term) maps đ to d, which Unicode does not do.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that look like Đ/đ but are not (Icelandic eth, African D).
LOOKALIKE_D = {
    "\u00d0": "\u0110",  # Ð LATIN CAPITAL LETTER ETH
    "\u00f0": "\u0111",  # ð LATIN SMALL LETTER ETH
    "\u0189": "\u0110",  # Ɖ LATIN CAPITAL LETTER AFRICAN D
    "\u0256": "\u0111",  # ɖ LATIN SMALL LETTER D WITH TAIL
}
SOFT_HYPHEN = "\u00ad"
_LOOKALIKE_RE = re.compile("[" + "".join(LOOKALIKE_D) + "]")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_lookalikes(text: str) -> list[str]:
    return sorted(set(_LOOKALIKE_RE.findall(text)))


def clean_text(text: str) -> str:
    """NFC, real Đ for look-alikes, no invisible characters: the form we publish."""
    if text.isascii():
        return text
    text = nfc(text)
    if _LOOKALIKE_RE.search(text):
        text = _LOOKALIKE_RE.sub(lambda m: LOOKALIKE_D[m.group()], text)
    if _INVISIBLE_RE.search(text):
        text = _INVISIBLE_RE.sub("", text)
    return text


def d_to_d(text: str) -> str:
    """Đ/đ written as D/d and nothing else changed: what a search index that folds every other
    Vietnamese mark needs besides the original text."""
    return text.translate(_D_MAP)


def strip_marks(text: str) -> str:
    """Remove tone and vowel marks and map đ→d, keeping case: 'Đào Việt Hưng' → 'Dao Viet Hung'."""
    decomposed = unicodedata.normalize("NFD", clean_text(text).translate(_D_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Search key: lower case, no marks, đ→d, single spaces."""
    return " ".join(strip_marks(text).lower().split())


def slugify(text: str) -> str:
    """ASCII slug: 'Đào Việt Hưng' → 'dao-viet-hung'."""
    return _SLUG_DROP.sub("-", fold(text)).strip("-")


_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text))


_MARKED_LETTER = re.compile("[\u00c0-\u024f\u1e00-\u1ef9\u0300-\u0323]")


def has_marks(text: str) -> bool:
    """Whether any letter carries a mark (or is đ): text typed with Vietnamese diacritics."""
    return bool(_MARKED_LETTER.search(text))
