"""The site search index: static JSON files that the search page reads a few at a time, stored gzip-compressed.

Why not Pagefind: it stores word positions for every page, and frequent Vietnamese syllables
(công, đoàn, thị, nguyễn) fill index chunks that cannot be split, so one query on a
10,000-entry site fetched 0.9–3.6 MB. Search here needs no positions: a record matches when it
holds every query word, and ranks by whether its title holds them. So each term maps to the
numbers of the records holding it, delta-encoded (which gzip, as static hosts serve JSON,
shrinks to almost nothing for frequent terms), plus the subset whose title holds it.

Files, under the folder routes.SEARCH_INDEX:
- `index.json`: record count, term shards, facet names, and a hash of everything else, which
  the page adds to every other file's URL so browsers never mix two builds;
- `tu/<ab>.json.gz`: the terms starting with `ab` (a one-letter term: `tu/a.json`), each
  `[record deltas]` or `[record deltas, title deltas]`, and, when the term is written with marks
  somewhere, a third element, its forms (below): one file per query word;
- `loc.json.gz`: per facet, each value with its record deltas; and each title's word count
  (a query equal to a title ranks it first);
- `muc/<c>.json.gz`: records c×10 to c×10+9 as their result cards show them, with the rest of
  their indexed text to show where a word matched. Ten to a file, a page of results: one file
  per record (10,000 files) took seconds to write, to save 25 KB on a page of results.

Every file but `index.json` is stored compressed, as Pagefind stores its index: on disk a sixth of the
JSON's size at 10,000 entries (25.3 → 3.9 MB), and sent compressed by any server, also one that compresses
only HTML (nginx as installed). The page decompresses them (DecompressionStream, or inflate.js in a browser
without it); a server that labels a .gz file as gzip-encoded has the browser do it first.

Records are numbered newest first (then shorter title first), so "newer first" is the order of
the numbers. Terms are the folded text (vietnamese.fold: no marks, đ→d, lower case) cut at
anything but a–z and 0–9; the page folds queries with the same rules (dhFold in dienhinh.js).
The same records always give the same bytes.

Forms: a term's words as written (lower case, NFC, marks kept: "đông", "động", "đồng" for
`dong`), so that a query typed with marks ranks the records holding its exact words above
those that only fold to them. Folding alone decides what matches. A term's third element lists
its forms other than the folded term itself, most records first, each `[form, positions,
title positions]` (empty lists at the end left out), positions being delta-encoded indexes
into the term's own record and title lists (small numbers, unlike record numbers). The first,
most common form lists the opposite: the positions of the records (titles) that do not hold
it, so a term written one way everywhere costs only `["nguyễn"]`.
"""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from bisect import bisect_left, insort
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from zlib_ng import zlib_ng

from ..text.vietnamese import clean_text, fold, nfc

FORMAT = 3  # 3: files compressed
CHUNK = 10  # records per file: a page of results, and one file a page when browsing by filter
_TERM = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SearchRecord:
    """One searchable page: what its card shows, its other indexed text, its facet values."""

    url: str  # site-relative
    title: str
    kind: str
    unit: str = ""
    summary: str = ""
    image: str = ""  # site-relative thumbnail
    date: str = ""  # ISO date; orders the results
    text: str = ""  # everything else that is searched: movements, field, awards, body, names on a roll
    facets: dict[str, list[str]] = field(default_factory=dict)
    # form_set(text), when the caller keeps it between builds: cutting bodies into words is
    # most of the index's work (16 MB of text at 10,000 entries)
    text_forms: tuple[str, ...] | None = None  # distinct


@lru_cache(maxsize=200_000)
def _folded_terms(chunk: str) -> tuple[str, ...]:
    return tuple(_TERM.findall(fold(chunk)))


def terms(text: str) -> list[str]:
    """The index terms of a text, in order: `_TERM` over vietnamese.fold(text).

    Folded a whitespace-separated chunk at a time, with a cache: the same words recur across
    thousands of records, and folding character by character is the slow part.
    """
    return [term for chunk in text.split() for term in _folded_terms(chunk)]


@lru_cache(maxsize=4096)
def _char_fold(char: str) -> str:
    return fold(char)


@lru_cache(maxsize=200_000)
def _chunk_forms(chunk: str) -> tuple[tuple[str, str], ...]:
    """(term, form) of each word of a whitespace-free chunk: the term as `_folded_terms` cuts it,
    the form the same letters as written (lower case, NFC, marks kept). A character belongs to a
    word when it folds to a–z or 0–9, a mark that folding drops belongs to the word it follows.
    Should that cut ever differ from the folded one (a character folding to several kinds of
    letters), the chunk's words get no forms: they are still found, by folding."""
    folded = _folded_terms(chunk)
    if chunk.isascii():
        return tuple((term, term) for term in folded)
    pairs: list[tuple[str, str]] = []
    term: list[str] = []
    form: list[str] = []
    for char in nfc(clean_text(chunk).lower()):
        piece = _char_fold(char)
        if not piece:
            if form:
                form.append(char)
        elif _TERM.fullmatch(piece):
            term.append(piece)
            form.append(char)
        elif term:
            pairs.append(("".join(term), nfc("".join(form))))
            term, form = [], []
    if term:
        pairs.append(("".join(term), nfc("".join(form))))
    if tuple(t for t, _ in pairs) != folded:
        return tuple((t, t) for t in folded)
    return tuple(pairs)


def forms(text: str) -> list[tuple[str, str]]:
    """(term, form) of each word of a text, in order; the terms are exactly `terms(text)`."""
    return [pair for chunk in text.split() for pair in _chunk_forms(chunk)]


def form_set(*texts: str) -> set[str]:
    """The distinct forms of some texts' words (a pure a–z, 0–9 word is its own form)."""
    return {form for chunk in set(" ".join(texts).split()) for _, form in _chunk_forms(chunk)}


@lru_cache(maxsize=200_000)
def term_of(form: str) -> str:
    """The term a form folds to."""
    return form if form.isascii() else fold(form)


def shard_key(term: str) -> str:
    return term[:2]


def deltas(numbers: list[int] | array) -> list[int]:
    """Sorted record numbers as gaps (the first number, then each difference minus one)."""
    return [number - previous - 1 for previous, number in zip([-1, *numbers], numbers)]


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


COMPRESSED = ".json.gz"
# zlib-ng at level 6, measured on the 1,177 files of 10,000 entries: 0.21 s, 3.89 MB (level 4: 0.15 s, 3.97 MB;
# 9: 0.64 s, 3.83 MB; the standard library's gzip at 6: 0.37 s). The header carries no time: the same
# records give the same bytes.
GZIP_LEVEL = 6


def cards_file(chunk: int) -> str:
    return f"muc/{chunk}{COMPRESSED}"


def terms_file(key: str) -> str:
    return f"tu/{key}{COMPRESSED}"


FACETS_FILE = f"loc{COMPRESSED}"


def read(path: str, data: bytes):
    """A file of the index as the page reads it."""
    return json.loads(zlib_ng.decompress(data, wbits=31) if path.endswith(".gz") else data)


def ordered(records: list[SearchRecord]) -> list[SearchRecord]:
    """Newest first; on the same day the shorter title (the query covers more of it), then URL."""
    by_title = sorted(records, key=lambda r: (len(terms(r.title)), r.url))
    return sorted(by_title, key=lambda r: r.date, reverse=True)


def _forms_entry(records: list[int], titles: list[int], held: dict[str, list[int]],
                 held_in_titles: dict[str, list[int]]) -> list:
    """A term's forms as the index stores them (see the module's docstring)."""
    ranked = sorted(held, key=lambda form: (-len(held[form]), form))
    if len(ranked) > 1:
        at = {number: position for position, number in enumerate(records)}
        title_at = {number: position for position, number in enumerate(titles)}
    entry = []
    for rank, form in enumerate(ranked):
        holders, title_holders = held[form], held_in_titles.get(form, [])
        if rank == 0:
            holding, title_holding = set(holders), set(title_holders)
            positions = [p for p, number in enumerate(records) if number not in holding]
            title_positions = [p for p, number in enumerate(titles) if number not in title_holding]
        else:
            positions = [at[number] for number in holders]
            title_positions = [title_at[number] for number in title_holders]
        item = [form, deltas(positions), deltas(title_positions)]
        while len(item) > 1 and not item[-1]:
            item.pop()
        entry.append(item)
    return entry


def _record_digest(record: SearchRecord) -> str:
    """What a record adds to the index. Its text_forms are form_set(text), so the text stands for them."""
    return hashlib.blake2b(repr((record.url, record.title, record.kind, record.unit, record.summary, record.image,
                                 record.date, record.text, sorted(record.facets.items()))).encode(
        "utf-8", "surrogatepass"), digest_size=16).hexdigest()


RECORDS = "i"  # array type of record-number lists: 4 bytes a number where a list took 36 (56 MB at 20,000 entries)
PATCHED_AT_MOST = 32  # changed records patched into the last build's index; more, and it is made anew


class Index:
    """The index as term → record numbers before it is cut into files. Kept between builds (`state`), it
    is patched when the records are the last build's in the same order and only a few differ: an edited
    entry re-encodes its terms' shards, its cards file and the facet table, and every other file is the
    last build's. The result is byte for byte a fresh build's.

    `files` holds the bytes of the files encoded this time (all of them when made anew), unless a `sink` takes
    each as it is encoded (path, digest, bytes: IndexStore.put, so 50 MB at 20,000 entries are not held at
    once); `sealed` the digest of every file; `stored` reads a file of the last build back (IndexStore)."""

    TABLES = ("postings", "in_titles", "form_postings", "form_in_titles")

    def __init__(self, facets: tuple[str, ...]):
        self.facets = tuple(facets)
        self.urls: list[str] = []
        self.digests: list[str] = []
        self.postings: dict[str, array] = {}  # term → records holding it
        self.in_titles: dict[str, array] = {}  # term → records whose title holds it
        # form written with marks → records (titles) holding it; any other form is its own term
        self.form_postings: dict[str, array] = {}
        self.form_in_titles: dict[str, array] = {}
        self.values: dict[str, dict[str, array]] = {name: {} for name in facets}
        self.title_words: list[int] = []
        self.cards: dict[int, dict[str, str]] = {}  # number → result card, of the records (re)entered
        self.files: dict[str, bytes] = {}
        self.sealed: dict[str, str] = {}  # path → digest of its bytes, every file of the index
        self.stored: Callable[[str], bytes] | None = None
        self.sink: Callable[[str, str, bytes], None] | None = None

    @classmethod
    def made(cls, records: list[SearchRecord], facets: tuple[str, ...], previous: "Index | None" = None,
             sink: Callable[[str, str, bytes], None] | None = None) -> "Index":
        records = ordered(records)
        digests = [_record_digest(r) for r in records]
        if previous is not None and previous.facets == tuple(facets) and \
                previous.urls == [r.url for r in records]:
            changed = [n for n, digest in enumerate(digests) if digest != previous.digests[n]]
            if len(changed) <= PATCHED_AT_MOST:
                previous.sink = sink
                previous._patch(records, digests, changed)
                return previous
        index = cls(facets)
        index.sink = sink
        index.urls, index.digests = [r.url for r in records], digests
        index.title_words = [0] * len(records)
        for number, item in enumerate(records):
            index._add(number, item)
        index.files = {}
        index._write(set(index.postings), set(range(0, len(records), CHUNK)))
        return index

    def patched(self, replaced: dict[int, SearchRecord], sink: Callable[[str, str, bytes], None] | None = None) \
            -> "Index":
        """This (the last build's) index with these records, by number, in place of its own, when the caller knows
        that every other record and the order are as they were (search.write_index): no other record is made."""
        digests = list(self.digests)
        for number, item in replaced.items():
            digests[number] = _record_digest(item)
        self.sink = sink
        self._patch(replaced, digests, sorted(n for n in replaced if digests[n] != self.digests[n]))
        return self

    def _add(self, number: int, item: SearchRecord) -> set[str]:
        """Enter record `number` into every table; returns the terms it holds."""
        title = forms(item.title)
        self.title_words[number] = len(title)
        for term in {term for term, _ in title}:
            _enter(self.in_titles, term, number)
        for term, form in set(title):
            if form != term:
                _enter(self.form_in_titles, form, number)
        text_forms = item.text_forms if item.text_forms is not None else form_set(item.text)
        held = set()
        form_postings = self.form_postings
        for form in form_set(item.title, item.unit, item.summary).union(text_forms):
            if form.isascii():  # a form without marks is its term
                held.add(form)
            else:
                held.add(term_of(form))
                _enter(form_postings, form, number)
        for term in held:
            _enter(self.postings, term, number)
        for name in self.facets:
            for value in dict.fromkeys(item.facets.get(name, ())):
                _enter(self.values[name], value, number)
        card = {"url": item.url, "title": item.title, "kind": item.kind, "unit": item.unit,
                "summary": item.summary, "image": item.image, "text": item.text}
        self.cards[number] = {k: v for k, v in card.items() if v}
        return held

    def _remove(self, number: int) -> set[str]:
        """Take record `number` out of every table; returns the terms it held."""
        held: set[str] = set()
        for name in self.TABLES:
            of_forms = name.startswith("form_")
            table = getattr(self, name)
            dropped = [key for key, numbers in table.items() if _drop(numbers, number)]
            held.update(map(term_of, dropped) if of_forms else dropped)
            for key in dropped:
                if not table[key]:
                    del table[key]
        for table in self.values.values():
            for value in [v for v, numbers in table.items() if _drop(numbers, number) and not numbers]:
                del table[value]
        return held

    def _patch(self, records: list[SearchRecord] | dict[int, SearchRecord], digests: list[str],
               changed: list[int]) -> None:
        touched: set[str] = set()
        for number in changed:
            touched |= self._remove(number)
            touched |= self._add(number, records[number])
        self.digests = digests
        self._write(touched, {number - number % CHUNK for number in changed})

    def _write(self, terms: set[str], chunks: set[int]) -> None:
        """Encode the shards of `terms`, the cards files starting at `chunks`, the facet table and the index file."""
        files = self.files
        for start in chunks:
            path = cards_file(start // CHUNK)
            cards = [self.cards.get(number) for number in range(start, min(start + CHUNK, len(self.urls)))]
            if None in cards:  # patched: the other cards of the file are the last build's
                last = files[path] if path in files else self.stored(path)  # type: ignore[misc]
                cards = [card or kept for card, kept in zip(cards, read(path, last))]
            self._put(path, _json(cards))
        self.cards = {}
        keys = {shard_key(term) for term in terms}
        written: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for form, numbers in self.form_postings.items():
            term = term_of(form)
            if shard_key(term) in keys:
                written[term][form] = numbers
        shards: dict[str, dict[str, list]] = {key: {} for key in keys}
        for term in sorted(t for t in self.postings if shard_key(t) in keys):
            entry = [deltas(self.postings[term])]
            if term in self.in_titles:
                entry.append(deltas(self.in_titles[term]))
            if term in written:
                if len(entry) == 1:
                    entry.append([])
                entry.append(_forms_entry(self.postings[term], self.in_titles.get(term, []), written[term],
                                          self.form_in_titles))
            shards[shard_key(term)][term] = entry
        for key, shard in shards.items():
            if shard:
                self._put(terms_file(key), _json(shard))
            else:
                files.pop(terms_file(key), None)
                self.sealed.pop(terms_file(key), None)
        self._put(FACETS_FILE, _json({
            "facets": {name: [[value, deltas(numbers)] for value, numbers in sorted(self.values[name].items())]
                       for name in self.facets},
            "title_words": self.title_words,
        }))
        self.sealed.pop("index.json", None)
        digest = hashlib.sha256()
        for path in sorted(self.sealed):
            digest.update(f"{path}\0{self.sealed[path]}\0".encode())
        shard_names = sorted(path[3:-len(COMPRESSED)] for path in self.sealed if path.startswith("tu/"))
        self._put("index.json", _json({"format": FORMAT, "hash": digest.hexdigest()[:12], "records": len(self.urls),
                                       "chunk": CHUNK, "shards": shard_names, "facets": list(self.facets)}))

    def _put(self, path: str, data: bytes) -> None:
        if path.endswith(".gz"):
            data = zlib_ng.compress(data, GZIP_LEVEL, wbits=31)
        digest = self.sealed[path] = hashlib.blake2b(data, digest_size=16).hexdigest()
        if self.sink is None:
            self.files[path] = data
        else:
            self.sink(path, digest, data)

    _KEPT = ("urls", "digests", *TABLES, "values", "title_words", "sealed")

    def state(self, version: str) -> dict:
        """Plain values only (dicts, lists, strings, numbers, bytes): read back without running code. Record-number
        arrays are kept as their bytes."""
        kept = {name: getattr(self, name) for name in self._KEPT}
        for name in self.TABLES:
            kept[name] = _as_bytes(kept[name])
        kept["values"] = {facet: _as_bytes(table) for facet, table in self.values.items()}
        return {"version": version, "facets": list(self.facets), **kept}

    @classmethod
    def from_state(cls, state: object, version: str) -> "Index | None":
        if not isinstance(state, dict) or state.get("version") != version or not isinstance(state.get("facets"), list):
            return None
        index = cls(tuple(state["facets"]))
        for name in cls._KEPT:
            if not isinstance(state.get(name), type(getattr(index, name))):
                return None
            setattr(index, name, state[name])
        for name in cls.TABLES:
            setattr(index, name, _as_arrays(getattr(index, name)))
        index.values = {facet: _as_arrays(table) for facet, table in index.values.items()}
        if not len(index.urls) == len(index.digests) == len(index.title_words) or \
                not all(isinstance(url, str) for url in index.urls) or \
                None in (index.postings, index.in_titles, index.form_postings, index.form_in_titles) or \
                None in index.values.values():
            return None
        return index


def _as_bytes(table: dict[str, array]) -> dict[str, bytes]:
    return {key: numbers.tobytes() for key, numbers in table.items()}


def _as_arrays(table: object) -> dict[str, array] | None:
    """A table read back from its bytes; None when it is not one."""
    if not isinstance(table, dict):
        return None
    arrays, size = {}, array(RECORDS).itemsize
    for key, data in table.items():
        if not isinstance(data, bytes) or len(data) % size:
            return None
        numbers = array(RECORDS)
        numbers.frombytes(data)
        arrays[key] = numbers
    return arrays


def _enter(table: dict[str, array], key: str, number: int) -> None:
    """Add a record number to a key's sorted list: at the end while an index is made in order, in its
    place when a record is patched in."""
    found = table.get(key)
    if found is None:
        table[key] = array(RECORDS, (number,))
    elif found[-1] < number:
        found.append(number)
    else:
        insort(found, number)


def _drop(numbers: array, number: int) -> bool:
    at = bisect_left(numbers, number)
    if at < len(numbers) and numbers[at] == number:
        del numbers[at]
        return True
    return False


def build(records: list[SearchRecord], facets: tuple[str, ...]) -> dict[str, bytes]:
    """Every file of the index, by path relative to the index folder."""
    return Index.made(records, facets).files


def write(files: dict[str, bytes], folder: Path) -> int:
    """Write the index into an empty (staging) folder; returns the bytes written."""
    made: set[Path] = set()
    size = 0
    for path, data in files.items():
        target = folder / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with open(target, "wb") as handle:
            handle.write(data)
        size += len(data)
    return size
