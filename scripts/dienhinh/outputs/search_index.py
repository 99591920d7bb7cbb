"""The site search index: static JSON files that the search page reads a few at a time.

Why not Pagefind: it stores word positions for every page, and frequent Vietnamese syllables
(công, đoàn, thị, nguyễn) fill index chunks that cannot be split, so one query on a
10,000-entry site fetched 0.9–3.6 MB. Search here needs no positions: a record matches when it
holds every query word, and ranks by whether its title holds them. So each term maps to the
numbers of the records holding it, delta-encoded (which gzip, as static hosts serve JSON,
shrinks to almost nothing for frequent terms), plus the subset whose title holds it.

Files, under the folder routes.SEARCH_INDEX:
- `index.json`: record count, term shards, facet names, and a hash of everything else, which
  the page adds to every other file's URL so browsers never mix two builds;
- `tu/<ab>.json`: the terms starting with `ab` (a one-letter term: `tu/a.json`), each
  `[record deltas]` or `[record deltas, title deltas]`, and, when the term is written with marks
  somewhere, a third element, its forms (below): one file per query word;
- `loc.json`: per facet, each value with its record deltas; and each title's word count
  (a query equal to a title ranks it first);
- `muc/<c>.json`: records c×10 to c×10+9 as their result cards show them, with the rest of
  their indexed text to show where a word matched. Ten to a file, a page of results: one file
  per record (10,000 files) took seconds to write, to save 25 KB on a page of results.

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
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..text.vietnamese import clean_text, fold, nfc

FORMAT = 2
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
    text_forms: frozenset[str] | None = None


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


def deltas(numbers: list[int]) -> list[int]:
    """Sorted record numbers as gaps (the first number, then each difference minus one)."""
    return [number - previous - 1 for previous, number in zip([-1, *numbers], numbers)]


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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


def build(records: list[SearchRecord], facets: tuple[str, ...]) -> dict[str, bytes]:
    """Every file of the index, by path relative to the index folder."""
    records = ordered(records)
    postings: dict[str, list[int]] = defaultdict(list)
    in_titles: dict[str, list[int]] = defaultdict(list)
    # form -> record numbers, for the forms written with marks (any other form is its own term)
    form_postings: dict[str, list[int]] = defaultdict(list)
    form_in_titles: dict[str, list[int]] = defaultdict(list)
    values: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in facets}
    title_words, cards = [], []
    files: dict[str, bytes] = {}
    for number, item in enumerate(records):
        title = forms(item.title)
        title_words.append(len(title))
        for term in {term for term, _ in title}:
            in_titles[term].append(number)
        for term, form in set(title):
            if form != term:
                form_in_titles[form].append(number)
        text_forms = item.text_forms if item.text_forms is not None else form_set(item.text)
        held = set()
        for form in form_set(item.title, item.unit, item.summary) | text_forms:
            if form.isascii():  # a form without marks is its term
                held.add(form)
            else:
                held.add(term_of(form))
                form_postings[form].append(number)
        for term in held:
            postings[term].append(number)
        for name in facets:
            for value in dict.fromkeys(item.facets.get(name, ())):
                values[name][value].append(number)
        card = {"url": item.url, "title": item.title, "kind": item.kind, "unit": item.unit,
                "summary": item.summary, "image": item.image, "text": item.text}
        cards.append({k: v for k, v in card.items() if v})
    for start in range(0, len(records), CHUNK):
        files[f"muc/{start // CHUNK}.json"] = _json(cards[start:start + CHUNK])
    written: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for form, numbers in form_postings.items():
        written[term_of(form)][form] = numbers
    shards: dict[str, dict[str, list]] = defaultdict(dict)
    for term in sorted(postings):
        entry = [deltas(postings[term])]
        if term in in_titles:
            entry.append(deltas(in_titles[term]))
        if term in written:
            if len(entry) == 1:
                entry.append([])
            entry.append(_forms_entry(postings[term], in_titles.get(term, []), written[term], form_in_titles))
        shards[shard_key(term)][term] = entry
    for key, shard in shards.items():
        files[f"tu/{key}.json"] = _json(shard)
    files["loc.json"] = _json({
        "facets": {name: [[value, deltas(numbers)] for value, numbers in sorted(values[name].items())]
                   for name in facets},
        "title_words": title_words,
    })
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    files["index.json"] = _json({"format": FORMAT, "hash": digest.hexdigest()[:12], "records": len(records),
                                 "chunk": CHUNK, "shards": sorted(shards), "facets": list(facets)})
    return files


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
