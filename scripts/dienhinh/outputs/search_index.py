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
  `[record deltas]` or `[record deltas, title deltas]`: one file per query word;
- `loc.json`: per facet, each value with its record deltas; and each title's word count
  (a query equal to a title ranks it first);
- `muc/<c>.json`: records c×10 to c×10+9 as their result cards show them, with the rest of
  their indexed text to show where a word matched. Ten to a file, a page of results: one file
  per record (10,000 files) took seconds to write, to save 25 KB on a page of results.

Records are numbered newest first (then shorter title first), so "newer first" is the order of
the numbers. Terms are the folded text (vietnamese.fold: no marks, đ→d, lower case) cut at
anything but a–z and 0–9; the page folds queries with the same rules (dhFold in dienhinh.js).
The same records always give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..text.vietnamese import fold

FORMAT = 1
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
    # term_set(text), when the caller keeps it between builds: cutting bodies into terms is
    # most of the index's work (16 MB of text at 10,000 entries)
    text_terms: frozenset[str] | None = None


@lru_cache(maxsize=200_000)
def _folded_terms(chunk: str) -> tuple[str, ...]:
    return tuple(_TERM.findall(fold(chunk)))


def terms(text: str) -> list[str]:
    """The index terms of a text, in order: `_TERM` over vietnamese.fold(text).

    Folded a whitespace-separated chunk at a time, with a cache: the same words recur across
    thousands of records, and folding character by character is the slow part.
    """
    return [term for chunk in text.split() for term in _folded_terms(chunk)]


def term_set(*texts: str) -> set[str]:
    """The distinct terms of some texts (what a record is found by)."""
    return set().union(*map(_folded_terms, set(" ".join(texts).split())))


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


def build(records: list[SearchRecord], facets: tuple[str, ...]) -> dict[str, bytes]:
    """Every file of the index, by path relative to the index folder."""
    records = ordered(records)
    postings: dict[str, list[int]] = defaultdict(list)
    in_titles: dict[str, list[int]] = defaultdict(list)
    values: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in facets}
    title_words, cards = [], []
    files: dict[str, bytes] = {}
    for number, item in enumerate(records):
        title = terms(item.title)
        title_words.append(len(title))
        for term in set(title):
            in_titles[term].append(number)
        text_terms = item.text_terms if item.text_terms is not None else term_set(item.text)
        for term in term_set(item.title, item.unit, item.summary) | text_terms:
            postings[term].append(number)
        for name in facets:
            for value in dict.fromkeys(item.facets.get(name, ())):
                values[name][value].append(number)
        card = {"url": item.url, "title": item.title, "kind": item.kind, "unit": item.unit,
                "summary": item.summary, "image": item.image, "text": item.text}
        cards.append({k: v for k, v in card.items() if v})
    for start in range(0, len(records), CHUNK):
        files[f"muc/{start // CHUNK}.json"] = _json(cards[start:start + CHUNK])
    shards: dict[str, dict[str, list]] = defaultdict(dict)
    for term in sorted(postings):
        entry = [deltas(postings[term])]
        if term in in_titles:
            entry.append(deltas(in_titles[term]))
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
