"""Vietnamese sort order, equivalent to ICU's `vi` collation, without a C dependency.

ICU `vi`: the letters ă â đ ê ô ơ ư are letters of their own (primary level);
tone marks are secondary, ranked ngang < huyền < hỏi < ngã < sắc < nặng and
weighed only after the base letters of the whole string; case is tertiary,
lower before upper. Code-point order puts Đ after Z, which is why lists sorted
by Python's default look wrong to Vietnamese readers.

Before building a key we move each syllable's tone mark to one canonical vowel,
so "Thuỳ" and "Thùy", "hoá" and "hóa" sort as the same word.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .vietnamese import clean_text

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}

# Combining marks.
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)
_TONE_RANK = {GRAVE: 1, HOOK: 2, TILDE: 3, ACUTE: 4, DOT: 5}
BREVE, CIRCUMFLEX, HORN = "\u0306", "\u0302", "\u031b"
_MODIFIED = {("a", BREVE): "ă", ("a", CIRCUMFLEX): "â", ("e", CIRCUMFLEX): "ê",
             ("o", CIRCUMFLEX): "ô", ("o", HORN): "ơ", ("u", HORN): "ư"}

_TIER_SPACE, _TIER_PUNCT, _TIER_DIGIT, _TIER_LETTER, _TIER_OTHER = 0, 1, 2, 3, 4


@lru_cache(maxsize=4096)
def _split_char(ch: str) -> tuple[str, int, bool]:
    """One NFC character → (letter without tone, tone rank, is upper case)."""
    upper = ch != ch.lower()
    low = ch.lower()
    if low in ("đ",):
        return "đ", 0, upper
    decomposed = unicodedata.normalize("NFD", low)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        elif (base, mark) in _MODIFIED:
            base = _MODIFIED[(base, mark)]
    return base, tone, upper


def _primary(letter: str) -> int:
    if letter in _LETTER_RANK:
        return _TIER_LETTER * 100_000 + _LETTER_RANK[letter]
    if letter.isdigit():
        return _TIER_DIGIT * 100_000 + int(unicodedata.digit(letter, 0))
    if letter.isspace():
        return _TIER_SPACE * 100_000
    if not letter.isalnum():
        return _TIER_PUNCT * 100_000 + ord(letter)
    return _TIER_OTHER * 100_000 + ord(letter)


# ---------------------------------------------------------------- tone placement

_VOWELS = set("aăâeêioôơuưy")


def _strip_tone(word: str) -> tuple[str, str | None]:
    tone = None
    out = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_RANK:
            tone = ch
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), tone


@lru_cache(maxsize=65536)
def canonical_tone_placement(word: str) -> str:
    """Put a syllable's tone on the vowel the traditional rule chooses (hóa, thủy, hoàn)."""
    bare, tone = _strip_tone(word)
    if tone is None:
        return word
    low = bare.lower()
    start = 0
    if low.startswith("qu") or (low.startswith("gi") and len(low) > 2 and low[2] in _VOWELS):
        start = 2
    i = start
    while i < len(low) and low[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(low) and low[j] in _VOWELS:
        j += 1
    if i == j:
        if start == 2:  # "gì", "qú": the onset vowel carries the tone
            i, j = 1, 2
        else:
            return word
    cluster = low[i:j]
    has_final = j < len(low)
    target = None
    for k, ch in enumerate(cluster):
        if ch in "ăâêôơư":
            target = k  # the last modified vowel wins: ươ → ơ, uyê → ê
    if target is None:
        if len(cluster) == 1:
            target = 0
        elif has_final:
            target = len(cluster) - 1
        elif len(cluster) == 3:
            target = 1
        else:
            target = 0  # hóa, khỏe, thủy, mái, múa
    pos = i + target
    placed = unicodedata.normalize("NFC", unicodedata.normalize("NFD", bare[pos]) + tone)
    return bare[:pos] + placed + bare[pos + 1:]


# ---------------------------------------------------------------- keys

Key = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


_CHAR_KEYS: dict[str, tuple[int, int, int]] = {}


def _char_key(ch: str) -> tuple[int, int, int]:
    """(primary, tone, case) weights of one character, memoised: keys are built for every name."""
    letter, tone, upper = _split_char(ch)
    found = _CHAR_KEYS[ch] = (_primary(letter), tone, 1 if upper else 0)
    return found


@lru_cache(maxsize=65536)
def collation_key(text: str) -> Key:
    """A key that sorts strings as ICU's `vi` collation does (after tone canonicalisation)."""
    text = " ".join(canonical_tone_placement(w) for w in clean_text(text).split())
    if not text:
        return (), (), ()
    weights = [_CHAR_KEYS.get(ch) or _char_key(ch) for ch in text]
    primary, secondary, tertiary = zip(*weights)
    return primary, secondary, tertiary


def split_name(full_name: str) -> tuple[str, str, str]:
    """'Nguyễn Thị Thùy' → ('Nguyễn', 'Thị', 'Thùy'): family, middle, given."""
    parts = clean_text(full_name).split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def initials(name: str, collective: bool = False) -> str:
    """Two letters for an avatar: family and given name of a person ('Đào Việt Hưng' → 'ĐH'),
    the first two words of a collective."""
    words = [w for w in clean_text(name).split() if w[:1].isalpha()]
    if not words:
        return "?"
    picked = words[:2] if collective else [words[0], words[-1]] if len(words) > 1 else words
    return "".join(w[0].upper() for w in picked)


def name_key(full_name: str) -> tuple[Key, Key, Key]:
    """Order of Vietnamese name lists: given name, then middle name, then family name."""
    family, middle, given = split_name(full_name)
    return collation_key(given), collation_key(middle), collation_key(family)


def initial_letter(text: str) -> str:
    """The letter a name is filed under in an A–Z index ('Đ' stays Đ, 'Ấ' goes to Â)."""
    for ch in clean_text(text):
        letter, _tone, _upper = _split_char(ch)
        if letter in _LETTER_RANK:
            return letter.upper()
        if letter.isalnum():
            return "#"
    return "#"
