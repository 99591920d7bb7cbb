"""What the search index holds: one record per published model, person and honour roll.

Records come from the catalog, not from rendered HTML: the text is exactly what we choose
(a person's biography only when it is public), facets come from the data, and no page is
parsed twice. search_index.py turns them into the static index the page reads.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

from .. import routes
from ..content.entries import Entry, HonourRoll, Person
from ..content.honours import decision_reference
from ..files import json_in_parts, link_files, load_cache, replaced_atomically, write_atomically
from ..pages import markdown_body
from ..pages.context import SiteContext
from ..pages.markdown_body import Bodies
from ..pages.search import FACETS
from ..progress import Progress, number
from ..text import vietnamese
from .report import OutputReport
from . import search_index
from .search_index import PATCHED_AT_MOST, Index, SearchRecord, form_set

_PLAIN_CACHE = "search-text.json"
_INDEX_STORE = "search-index"  # in the records folder (Project.records)
_PLAIN_FORMAT = 4  # bump when markdown_body's output or the index words (terms, forms) change


@lru_cache(maxsize=4096)
def _forms_of(name: str) -> frozenset[str]:
    """Word forms of a movement title, field, locality or award name: the same few hundred names recur."""
    return frozenset(form_set(name))


def record(site: SiteContext, entry: Entry, body: list[str]) -> SearchRecord:
    """A model or person: card fields, searchable text and facets. `body` is the body's plain text
    and its word forms (see body_texts), empty for a person whose biography is not public."""
    catalog, vocab = site.catalog, site.catalog.vocabularies
    movements = catalog.movements_of(entry)
    awards = [vocab["award_forms"].name_of(a.form) for a in catalog.awards_in_order(entry)]
    field = vocab["fields"].name_of(entry.field) if getattr(entry, "field", "") else ""
    locality = vocab["localities"].name_of(entry.locality) if getattr(entry, "locality", "") else ""
    about = [p for p in [*(m.title for m in movements), field, locality, *awards] if p]
    body_text, body_forms = body
    picture = site.portrait(entry)
    kind = catalog.kind_label(entry)
    return SearchRecord(
        url=routes.entry_url(entry), title=entry.title, kind=kind, unit=catalog.subtitle(entry),
        summary=entry.summary or "", image=picture.thumbnail.url if picture is not None else "",
        date=entry.date.isoformat() if entry.date else "",
        text=" · ".join([*about, body_text] if body_text else about),
        # a tuple of shared strings: 20,000 sets of freshly split words were 160 MB, the memory peak of a build
        text_forms=tuple(sorted(set(map(sys.intern, body_forms.split())).union(*map(_forms_of, about)))),
        facets={"movement": [m.short_title or m.title for m in movements], "kind": [kind],
                "field": [field] if field else [], "year": [str(entry.date.year)] if entry.date else [],
                "locality": [locality] if locality else [], "award": sorted(set(awards))})


def roll_record(site: SiteContext, roll: HonourRoll) -> SearchRecord:
    """A roll is found by its title, decision and by any name, position or unit on it: most
    people honoured have no profile page, and their roll is where they appear on the site."""
    vocab = site.catalog.vocabularies
    issuer = vocab["issuers"].name_of(roll.issuer)
    decision = decision_reference(roll.decision, site.labels["honours"]) if roll.decision else ""
    awards = sorted({vocab["award_forms"].name_of(roll.award_of(r)) for r in roll.recipients if roll.award_of(r)})
    lines = [*awards, *(", ".join(p for p in (r.name, r.position, r.unit) if p) for r in roll.recipients)]
    kind = site.labels["honours"]["index_title"]
    return SearchRecord(
        url=routes.entry_url(roll), title=roll.title, kind=kind,
        unit=" · ".join(p for p in (issuer, decision) if p), summary=roll.summary or "",
        date=roll.date.isoformat() if roll.date else "", text=" · ".join(p for p in lines if p),
        facets={"kind": [kind], "year": [str(roll.year)] if roll.year else [], "award": awards})


def _plain(bodies: Bodies, entry: Entry) -> list[str]:
    text = markdown_body.plain(bodies.of(entry))
    return [text, " ".join(sorted(form_set(text)))]


def body_texts(entries: list[Entry], cache_file: Path, bodies: Bodies) -> dict[str, list[str]]:
    """Plain text of each entry's body and its words' forms (space-separated), by entry key.

    Cutting 15,000 rendered bodies into words takes 4 s, so the results are kept in the cache folder by the
    body's digest (taken when its file was checked), and only new or changed bodies are read. In this
    process: two forked workers saved under a second at 20,000 entries but, forked from a build that late,
    copied 170 MB of its memory (the build's memory peak).
    """
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
        known = cached["texts"] if cached.get("format") == _PLAIN_FORMAT else {}
    except (OSError, ValueError, KeyError, AttributeError):
        known = {}
    keys = {entry.key: entry.body_key for entry in entries}
    texts = {entry.key: known.get(keys[entry.key]) or _plain(bodies, entry) for entry in entries}
    kept = {keys[key]: text for key, text in texts.items()}
    if kept != known:
        write_atomically(cache_file, json_in_parts({"format": _PLAIN_FORMAT, "texts": kept}, "texts"))
    return texts


def _searchable(entry: Entry) -> bool:
    return not isinstance(entry, Person) or entry.biography_public


def records(site: SiteContext) -> list[SearchRecord]:
    exemplars = site.catalog.exemplars()
    texts = body_texts([e for e in exemplars if _searchable(e)], site.project.cache_dir / _PLAIN_CACHE, site.bodies)
    found = [record(site, entry, texts.get(entry.key, ["", ""])) for entry in exemplars]
    return found + [roll_record(site, roll) for roll in site.catalog.honours_in_order()]


def _record_of(site: SiteContext, entry: Entry) -> SearchRecord:
    if isinstance(entry, HonourRoll):
        return roll_record(site, entry)
    return record(site, entry, _plain(site.bodies, entry) if _searchable(entry) else ["", ""])


def _index_version() -> str:
    """The code that turns records into the index: a cache made by other code is not patched."""
    hasher = hashlib.blake2b(digest_size=16)
    for module in (search_index, vietnamese):
        hasher.update(Path(module.__file__).read_bytes())
    return f"{search_index.FORMAT}:{hasher.hexdigest()}"


class IndexStore:
    """The index's files in the cache folder, each named by its digest and linked into every build's site,
    with the tables they were cut from (`STATE`): an edit writes the few files it changed, not 25 MB at
    10,000 entries. A stored file whose size or time is not as written (edited through a link in site/)
    makes the next index a fresh one."""

    STATE = "state.pickle"

    def __init__(self, folder: Path):
        self.folder = folder
        self.stamps: dict[str, list[int]] = {}  # digest → [size, mtime_ns] of its stored file
        self.catalog_then: dict = {}  # the SiteContext.catalog_state the index was made from

    def _file(self, digest: str) -> Path:
        return self.folder / f"{digest}.json"

    def _stamp(self, digest: str) -> list[int]:
        status = os.stat(self._file(digest))
        return [status.st_size, status.st_mtime_ns]

    def last(self, version: str) -> Index | None:
        """The last build's index, when its state and every one of its files are as they were written."""
        try:
            with open(self.folder / self.STATE, "rb") as stream:
                state = load_cache(stream)
            index = Index.from_state(state, version)
            stamps = state.get("stamps")
            if index is None or not isinstance(stamps, dict) or \
                    any(stamps.get(digest) != self._stamp(digest) for digest in set(index.sealed.values())):
                return None
        except Exception:  # noqa: BLE001 - an unreadable or damaged store is not used
            return None
        self.stamps = stamps
        self.catalog_then = state.get("catalog") if isinstance(state.get("catalog"), dict) else {}
        index.stored = lambda path: self._file(index.sealed[path]).read_bytes()
        return index

    def put(self, path: str, digest: str, data: bytes) -> None:
        """A file of the index as it is encoded (Index.sink), unless the store holds it already."""
        if digest not in self.stamps:
            write_atomically(self._file(digest), data)

    def keep(self, index: Index, version: str, catalog: dict | None = None) -> None:
        """Store the tables; drop the files no longer in the index."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for path, data in index.files.items():
            self.put(path, index.sealed[path], data)
        wanted = set(index.sealed.values())
        self.stamps = {digest: self.stamps.get(digest) or self._stamp(digest) for digest in wanted}
        for old in os.listdir(self.folder):
            if old.endswith(".json") and old[:-5] not in wanted:
                (self.folder / old).unlink(missing_ok=True)
        with replaced_atomically(self.folder / self.STATE) as stream:  # dumped as it goes: no second copy in memory
            pickle.dump({**index.state(version), "stamps": self.stamps, "catalog": catalog or {}}, stream,
                        protocol=pickle.HIGHEST_PROTOCOL)

    def publish(self, index: Index, folder: Path) -> int:
        """Link every file of the index into `folder` (the staging site's index folder); returns its bytes."""
        link_files((str(self._file(digest)), str(folder / path)) for path, digest in index.sealed.items())
        return sum(self.stamps[digest][0] for digest in index.sealed.values())


def index_kept(site: SiteContext) -> bool:
    """Whether the last build left its index in the store: this build then most likely patches it, which takes
    little memory. A fresh index is the memory peak of a first build, made with nothing else running."""
    return (site.project.records / _INDEX_STORE / IndexStore.STATE).is_file()


def index_of(site: SiteContext, store: IndexStore) -> Index:
    """The index of the site's records. While the catalog's structure is the last build's, the records and
    their order are too, but for the entries whose fingerprint changed: only theirs are made, and patched
    into the last build's index. Else all are made, and patched in where only a few differ. The same bytes
    every way."""
    version = _index_version()
    last = store.last(version)
    now = site.catalog_state
    changed = site.changed_since(store.catalog_then) if last is not None else None
    if changed is not None and len(changed) <= PATCHED_AT_MOST:
        number = {url: n for n, url in enumerate(last.urls)}
        entries = [entry for entry in [*site.catalog.exemplars(), *site.catalog.honours.values()]
                   if entry.key in changed]
        if len(number) == len(site.catalog.exemplars()) + len(site.catalog.honours) and \
                all(routes.entry_url(entry) in number for entry in entries):
            try:
                index = last.patched({number[routes.entry_url(e)]: _record_of(site, e) for e in entries},
                                     sink=store.put)
            except Exception:  # noqa: BLE001 - a damaged store that passed the checks: made anew
                last, store.stamps = None, {}
            else:
                store.keep(index, version, now)
                return index
    found = records(site)
    try:
        index = Index.made(found, FACETS, last, sink=store.put)
    except Exception:  # noqa: BLE001 - a damaged store that passed the checks: made anew
        if last is None:
            raise
        store.stamps = {}
        index = Index.made(found, FACETS, sink=store.put)
    store.keep(index, version, now)
    return index


def write_index(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    store = IndexStore(site.project.records / _INDEX_STORE)
    index = index_of(site, store)
    size = store.publish(index, output_dir / routes.SEARCH_INDEX)
    megabytes = f"{size / 1e6:.1f}".replace(".", ",")
    return OutputReport("Chỉ mục tìm kiếm", len(index.urls), f"{number(len(index.urls))} mục, {megabytes} MB")
