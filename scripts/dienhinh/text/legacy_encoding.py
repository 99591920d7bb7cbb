"""Recognise Vietnamese text pasted from pre-Unicode fonts (TCVN3 .VnTime, VNI-Times).

Old Word files typed in .VnTime or VNI-Times fonts survive copy-and-paste as
Latin-1 look-alikes: "Lai Ch©u", "Lai Chaâu". Publishing that is publishing
mojibake, so the validator reports it and shows the decoded text. A word
counts as legacy-encoded only when it holds a character Vietnamese never uses
and its decoding is a well-formed Vietnamese syllable, so "©" in "© 2025" or
"ñ" in "Peña" do not trip it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# TCVN3 (TCVN 5712:1993, VN3) bytes 0xA1–0xFF as they appear when read as CP1252,
# and the letters they stand for (table read off glibc iconv TCVN5712-1).
_TCVN3_SEEN = "¡¢£¤¥¦§¨©ª«¬\u00ad®¯µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüþÿ"
_TCVN3_MEANS = "ĂÂÊÔƠƯĐăâêôơưđẰàảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹỵỐ"
assert len(_TCVN3_SEEN) == len(_TCVN3_MEANS)
_TCVN3 = str.maketrans(dict(zip(_TCVN3_SEEN, _TCVN3_MEANS)))
# Characters of the TCVN3 range that never occur in Unicode Vietnamese text.
_TCVN3_SIGNS = set(_TCVN3_SEEN) - set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")

# VNI-Windows: a base letter followed by a mark character, plus a few letters of their own.
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    "â": (_CIRC, ""), "á": (_CIRC, _ACUTE), "à": (_CIRC, _GRAVE), "å": (_CIRC, _HOOK),
    "ã": (_CIRC, _TILDE), "ä": (_CIRC, _DOT),
    "ê": (_BREVE, ""), "é": (_BREVE, _ACUTE), "è": (_BREVE, _GRAVE), "ú": (_BREVE, _HOOK),
    "ü": (_BREVE, _TILDE), "ë": (_BREVE, _DOT),
    "ø": ("", _GRAVE), "ù": ("", _ACUTE), "û": ("", _HOOK), "õ": ("", _TILDE), "ï": ("", _DOT),
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
_VNI_LETTERS = {"ñ": "đ", "ô": "ơ", "ö": "ư", "ó": "ĩ", "æ": "ỉ", "ò": "ị", "î": "ỵ"}
_VNI_LETTERS.update({k.upper(): v.upper() for k, v in list(_VNI_LETTERS.items())})
_VNI_SIGNS = set(_VNI_MARKS) | set(_VNI_LETTERS)
_VNI_BASES = set("aeouyAEOUY") | set("ơưƠƯ")

TCVN3 = "TCVN3 (phông .VnTime)"
VNI = "VNI (phông VNI-Times)"


def decode_tcvn3(text: str) -> str:
    return text.translate(_TCVN3)


def _decode_vni_word(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _VNI_MARKS and out and unicodedata.normalize("NFD", out[-1])[0] in _VNI_BASES:
            modifier, tone = _VNI_MARKS[ch]
            base = unicodedata.normalize("NFD", out[-1])
            if modifier and len(base) > 1:
                out.append(ch)
                continue
            out[-1] = unicodedata.normalize("NFC", base + modifier + tone)
        elif ch in _VNI_LETTERS:
            out.append(_VNI_LETTERS[ch])
        else:
            out.append(ch)
    return "".join(out)


# ------------------------------------------------------------ syllable shape

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au âu ay ây eo êu ia iê iêu iu oa oă oai oao oay oe oi ôi ơi "
    "oo ua uâ uây ue uê ui uô uôi uơ uy uya uyê uyu ưa ưi ươ ươi ươu ưu yê yêu"
).split()
_NUCLEUS = "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")"
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")
_TONE_MARKS = dict.fromkeys(map(ord, (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)))


@lru_cache(maxsize=16384)
def is_vietnamese_syllable(word: str) -> bool:
    bare = unicodedata.normalize("NFC", unicodedata.normalize("NFD", word.lower()).translate(_TONE_MARKS))
    return bool(_SYLLABLE.match(bare))


# ------------------------------------------------------------ detection

_WORD = re.compile(r"[A-Za-z\u00a1-\u024f\u1e00-\u1eff\u0300-\u036f\u00ad]+")
_VNI_ONLY = set("ñÑöÖøØïÏäÄåÅëËûÛüÜæÆîÎ")
# A cheap test every string passes through: a TCVN3-only character, a VNI-only letter,
# or a vowel followed by a VNI mark character (as in "Chaâu"). Genuine Vietnamese is
# full of some of those pairs (hoàn, xuân, thuê, yêu), which are skipped one by one.
_SUSPECT = re.compile(
    "[" + re.escape("".join(sorted(_TCVN3_SIGNS | _VNI_ONLY))) + "]"
    + "|[aeouyAEOUYôöÔÖ][" + re.escape("".join(sorted(_VNI_MARKS))) + "]"
)
_VNI_PAIR = re.compile("[aeouyAEOUYôöÔÖ][" + re.escape("".join(sorted(_VNI_MARKS))) + "]")
# Characters that a long Unicode Vietnamese text never holds but any legacy-encoded paragraph does.
SIGN_CHARACTERS = "".join(sorted(_TCVN3_SIGNS | _VNI_ONLY))
_GENUINE_PAIRS = {a + b for a, b in ("oà", "oá", "oã", "oè", "oé", "uâ", "uê", "yê")}
_GENUINE_PAIRS |= {p.upper() for p in _GENUINE_PAIRS} | {p.capitalize() for p in _GENUINE_PAIRS}


def _suspect_words(text: str):
    """The words around each suspect spot, each once, without scanning every word."""
    seen: set[tuple[int, int]] = set()
    for spot in _SUSPECT.finditer(text):
        if spot.group() in _GENUINE_PAIRS:
            continue
        start = spot.start()
        while start > 0 and _WORD.match(text[start - 1]):
            start -= 1
        match = _WORD.match(text, start)
        if match and (match.start(), match.end()) not in seen:
            seen.add((match.start(), match.end()))
            yield match.group()


@dataclass(frozen=True)
class LegacyText:
    encoding: str
    sample: str
    decoded: str


def detect(text: str) -> LegacyText | None:
    """The legacy encoding the text was pasted from, with one word shown decoded."""
    hits: dict[str, list[tuple[str, str]]] = {TCVN3: [], VNI: []}
    for word in _suspect_words(text):
        chars = set(word)
        if not re.search("[A-Za-z]", word):
            continue
        if is_vietnamese_syllable(word):
            continue
        for encoding, decoder, signs in ((TCVN3, decode_tcvn3, _TCVN3_SIGNS), (VNI, _decode_vni_word, _VNI_SIGNS)):
            if chars & signs:
                decoded = decoder(word)
                if decoded != word and is_vietnamese_syllable(decoded):
                    hits[encoding].append((word, decoded))
    best = max(hits, key=lambda enc: len(hits[enc]))
    if not hits[best]:
        return None
    word, decoded = hits[best][0]
    return LegacyText(best, word, decoded)


def has_vni_pair(text: str) -> bool:
    return bool(_VNI_PAIR.search(text))


def decode(text: str, encoding: str) -> str:
    """Decode every word; words typed in an all-caps font (.VnTimeH) stay in capitals."""
    decoder = decode_tcvn3 if encoding == TCVN3 else _decode_vni_word

    def one(match: re.Match) -> str:
        word = match.group()
        decoded = decoder(word)
        ascii_letters = re.sub("[^A-Za-z]", "", word)
        if len(ascii_letters) > 1 and ascii_letters.isupper():
            decoded = decoded.upper()
        return decoded

    return _WORD.sub(one, text)
