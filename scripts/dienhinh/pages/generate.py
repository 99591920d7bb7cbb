"""The pages stage: the catalog → generated pages (HTML bodies with front matter) in the docs folder.

Each page is a Markdown file whose body is HTML and whose front matter holds its metadata (title,
description, social card, feed links), so any renderer can read it; the MkDocs adapter is handed
the same metadata in memory. Entries are not in the navigation and listings are paginated: both
keep the build linear at 10,000 entries. Pages are rendered on all cores, each process writing its
own files; a file whose content did not change is not rewritten, so `mkdocs serve` does not loop
on its own output.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from .. import routes
from ..content.entries import Entry, Model, Movement, Person
from ..files import write_atomically
from ..media.cards import SITE_CARD
from ..parallel import ordered_map, spread
from ..progress import Progress, number
from ..text.collation import collation_key
from .context import GeneratedPage, SiteContext, letter_anchor
from .providers import PROVIDERS
from .templates import REUSED, Templates

# ------------------------------------------------------------------ pagination

@dataclass
class Pager:
    number: int
    count: int
    base: str

    def url(self, page: int) -> str:
        return routes.paged(self.base, page)

    @property
    def previous(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    @property
    def pages(self) -> list[tuple[int, str | None]]:
        """First, last and the pages around the current one, with gaps (None)."""
        wanted = {1, self.count, *range(self.number - 2, self.number + 3)}
        shown: list[tuple[int, str | None]] = []
        last = 0
        for page in sorted(p for p in wanted if 1 <= p <= self.count):
            if page - last > 1:
                shown.append((page, None))
            shown.append((page, self.url(page)))
            last = page
        return shown


def page_count(total: int, size: int) -> int:
    return max(1, math.ceil(total / size))


# ------------------------------------------------------------------ page kinds

class PageTemplates(Templates):
    """The page kinds of the catalog itself: entries, movements, listings, groups, the home page."""

    def entry_context(self, entry: Entry) -> dict[str, Any]:
        """What an entry's page shows besides the entry: its movements, awards, linked and related entries."""
        catalog = self.catalog
        people = catalog.model_people.get(entry.id, []) if isinstance(entry, Model) else []
        initiatives = catalog.person_models.get(entry.id, []) if isinstance(entry, Person) else []
        linked = {e.key for e in [*people, *initiatives]}
        return {
            "entry": entry, "status": self.status_note(entry),
            "movements": catalog.movements_of(entry),
            "awards": catalog.awards_in_order(entry),
            "people": people, "initiatives": initiatives, "rolls": catalog.rolls_of(entry),
            "related": [e for e in catalog.related(entry, limit=4 + len(linked)) if e.key not in linked][:4],
        }

    def entry_page(self, entry: Entry) -> GeneratedPage:
        url = routes.entry_url(entry)
        context = self.entry_context(entry)
        show_body = not isinstance(entry, Person) or entry.biography_public
        context["body"] = self.body_of(entry) if show_body else ""
        body = self.render("entry.html.j2", url, **context)
        return GeneratedPage(url, self.entry_meta(entry), body)

    def entry_meta(self, entry: Entry) -> dict[str, Any]:
        return self.page_meta(entry.title, entry.summary, entry, hide_toc=True)

    def movement_page(self, movement: Movement, page: int) -> GeneratedPage:
        members = self.catalog.members_of(movement.id)
        size = self.site.project.page_size
        pager = Pager(page, page_count(len(members), size), routes.entry_url(movement))
        url = pager.url(page)
        links = self.site.movement_feed_links(movement)
        body = self.render("movement.html.j2", url, entry=movement, status=self.status_note(movement),
                           body=self.body_of(movement) if page == 1 else "",
                           items=members[(page - 1) * size: page * size], total=len(members), pager=pager,
                           extra_links=links)
        title = movement.title if page == 1 else f"{movement.title} ({self.site.labels['listing']['page']} {page})"
        return GeneratedPage(url, self.page_meta(title, movement.summary, movement if page == 1 else None,
                                             hide_toc=True, card=movement.key), body)

    def listing_page(self, title: str, base: str, items: list[Entry], page: int, intro: str = "",
                     groups: list[dict] | None = None, letters: list[tuple[str, str]] | None = None,
                     total: int | None = None) -> GeneratedPage:
        size = self.site.project.page_size
        pager = Pager(page, page_count(total if total is not None else len(items), size), base)
        url = pager.url(page)
        # grouped pages (the A-Z index) are handed their own entries only: the page's key then describes these
        on_page = [e for group in groups for e in group["entries"]] if groups is not None \
            else items[(page - 1) * size: page * size]
        body = self.render("listing.html.j2", url, title=title, intro=intro, items=on_page, groups=groups,
                           letters=letters, total=total if total is not None else len(items), pager=pager,
                           one_kind=len({self.catalog.kind_label(e) for e in on_page}) == 1)
        full_title = title if page == 1 else f"{title} ({self.site.labels['listing']['page']} {page})"
        return GeneratedPage(url, self.page_meta(full_title, intro, None, hide_toc=True, card=base), body)

    def groups_page(self, title: str, url: str, groups: list[tuple[str, str, int]], intro: str = "") -> GeneratedPage:
        body = self.render("groups.html.j2", url, title=title, intro=intro, groups=groups)
        return GeneratedPage(url, self.page_meta(title, intro, None, hide_toc=True, card=url), body)

    def home_page(self) -> GeneratedPage:
        catalog = self.catalog
        featured = [e for e in catalog.latest() if e.featured][:6]
        numbers = {"movements": len(catalog.movements), "models": len(catalog.models),
                   "people": len(catalog.people),
                   "awards": len(catalog.award_records())}
        counts = {m.id: len(catalog.movement_models.get(m.id, [])) + len(catalog.movement_people.get(m.id, []))
                  for m in catalog.movements.values()}
        movements = sorted((m for m in catalog.movements_in_order() if m.end_year is None),
                           key=lambda m: -counts[m.id])[:12]
        body = self.render("home.html.j2", routes.HOME, featured=featured, latest=catalog.latest(8),
                           numbers=numbers, movements=movements, movement_counts=counts,
                           extra_links=self.site.feed_links)
        description = self.site.project.organisation.get("description", "")
        return GeneratedPage(routes.HOME, self.page_meta(self.site.project.site_name, description, None, hide_toc=True,
                                                         card=SITE_CARD), body)

# ------------------------------------------------------------------ jobs

def _jobs(site: SiteContext) -> list[tuple]:
    catalog, size = site.catalog, site.project.page_size
    jobs: list[tuple] = [("home",), ("movements",)]
    jobs += [("collection", "models", page) for page in range(1, page_count(len(catalog.models), size) + 1)]
    jobs += [("people", page) for page in range(1, page_count(len(catalog.people), size) + 1)]
    for group in (routes.FIELDS, routes.LOCALITIES, routes.YEARS):
        jobs.append(("groups", group))
        for key, entries in _groups(catalog, group).items():
            jobs += [("group", group, key, page) for page in range(1, page_count(len(entries), size) + 1)]
    for movement in catalog.movements.values():
        members = len(catalog.movement_models.get(movement.id, [])) + len(catalog.movement_people.get(movement.id, []))
        jobs += [("movement", movement.id, page) for page in range(1, page_count(members, size) + 1)]
    jobs += [("entry", "models", key) for key in catalog.models]
    jobs += [("entry", "people", key) for key in catalog.people]
    return jobs


_GROUP_ATTRIBUTE = {routes.FIELDS: "field", routes.LOCALITIES: "locality", routes.YEARS: "year"}
_GROUP_VOCABULARY = {routes.FIELDS: "fields", routes.LOCALITIES: "localities"}
_GROUP_LABEL = {routes.FIELDS: "fields", routes.LOCALITIES: "localities", routes.YEARS: "years"}
def _groups(catalog, group: str) -> dict[str, list[Entry]]:
    return catalog.group_by(_GROUP_ATTRIBUTE[group])


def _group_label(renderer: PageTemplates, group: str, key: str) -> str:
    return renderer.catalog.term(_GROUP_VOCABULARY[group], key) if group in _GROUP_VOCABULARY else key


def _render_job(renderer: PageTemplates, job: tuple) -> Iterable[GeneratedPage]:
    site, catalog = renderer.site, renderer.catalog
    labels = site.labels
    kind = job[0]
    if kind == "home":
        yield renderer.home_page()
    elif kind == "movements":
        movements = catalog.movements_in_order()
        yield renderer.listing_page(labels["sections"]["movements"], routes.collection_url("movements"),
                                    movements, 1, total=len(movements),
                                    groups=[{"label": "", "anchor": "tat-ca", "entries": movements}])
    elif kind == "collection":
        items = catalog.latest(kind=Model)
        yield renderer.listing_page(labels["sections"]["models"], routes.collection_url("models"), items, job[2])
    elif kind == "people":
        yield _people_page(renderer, job[1])
    elif kind == "groups":
        group = job[1]
        groups = _groups(catalog, group)
        keys = sorted(groups, reverse=True) if group == routes.YEARS else \
            sorted(groups, key=lambda k: collation_key(_group_label(renderer, group, k)))
        rows = [(_group_label(renderer, group, k), routes.group_url(group, k), len(groups[k])) for k in keys]
        yield renderer.groups_page(labels["sections"][_GROUP_LABEL[group]], routes.group_url(group), rows)
    elif kind == "group":
        _, group, key, page = job
        title = f"{labels['sections'][_GROUP_LABEL[group]]}: {_group_label(renderer, group, key)}"
        yield renderer.listing_page(title, routes.group_url(group, key), _groups(catalog, group)[key], page)
    elif kind == "movement":
        yield renderer.movement_page(catalog.movements[job[1]], job[2])
    elif kind == "entry":
        yield renderer.entry_page(catalog.collection(job[1])[job[2]])


def _people_page(renderer: PageTemplates, page: int) -> GeneratedPage:
    """A–Z index: people in Vietnamese name order, grouped by the initial of the given name."""
    people = renderer.site.people_order
    size = renderer.site.project.page_size
    base = routes.collection_url("people")
    letter_of, letters = renderer.site.people_letters
    shown = people[(page - 1) * size: page * size]
    groups: list[dict] = []
    for person in shown:
        letter = letter_of[person.key]
        if not groups or groups[-1]["label"] != letter:
            groups.append({"label": letter, "anchor": letter_anchor(letter), "entries": []})
        groups[-1]["entries"].append(person)
    return renderer.listing_page(renderer.site.labels["sections"]["people_az"], base, people, page,
                                 groups=groups, letters=letters, total=len(people))


# ------------------------------------------------------------------ writing

MANIFEST = ".pages.json"  # in the docs folder: digest of each page written by the last build
KEYS_FILE = "page-keys.json"  # in the records folder (Project.records): each page's inputs key, digest, metadata digest and entries shown
KEYS_FORMAT = 3
_OWN_FILES = {MANIFEST, ".gitkeep"}


def page_text(page: GeneratedPage) -> str:
    """The file a renderer reads: front matter (JSON, which is YAML) and the HTML body."""
    return f"---\n{json.dumps(page.meta, ensure_ascii=False, sort_keys=True)}\n---\n{page.body}\n"


def meta_digest(meta: dict[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


class PageWriter:
    """Writes generated pages into the docs folder, skipping those whose text has not changed
    since the last build (known from a manifest of digests, without reading the old file back):
    a renderer then sees the same files, and a warm build touches only what changed."""

    def __init__(self, docs: Path, keys_file: Path | None = None, existing: set[str] | None = None):
        self.docs = docs
        self.keys_file = keys_file
        self.existing = existing  # the docs folder's files, when just listed; else each is looked for
        try:
            self.previous: dict[str, str] = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.previous = {}
        # page → [inputs key, digest, metadata digest, keys of the entries it shows] of the last build
        self.remembered: dict[str, list] = {}
        self.catalog_then: dict[str, Any] = {}  # the last build's SiteContext.catalog_state
        self.catalog_now: dict[str, Any] = {}
        self.changed: set[str] | None = None  # SiteContext.changed_since the last build, when the structure holds
        if keys_file is not None:
            try:
                found = json.loads(keys_file.read_text(encoding="utf-8"))
                if found.get("format") == KEYS_FORMAT:
                    self.remembered = {path: last for path, last in found["pages"].items()  # a damaged cache is ignored
                                       if isinstance(last, list) and len(last) == 4
                                       and all(isinstance(part, str) for part in last[:3]) and isinstance(last[3], list)
                                       and all(isinstance(key, str) for key in last[3])}
                    self.catalog_then = found["catalog"] if isinstance(found.get("catalog"), dict) else {}
            except (FileNotFoundError, ValueError, AttributeError, KeyError, OSError):
                pass

    def unchanged(self, relative_path: str) -> list | None:
        """What page-keys.json keeps of a page no changed entry shows, whose last file stands: it needs no keying."""
        last = self.remembered.get(relative_path)
        if self.changed is None or not last or not last[3] or not self.changed.isdisjoint(last[3]):
            return None
        return last if self.previous.get(relative_path) == last[1] and self._exists(relative_path) else None

    def reusable(self, page: GeneratedPage, key: str) -> bool:
        """The last build's file of this page can stand: same inputs, same metadata, file untouched."""
        relative_path = routes.doc_path(page.url)
        last = self.remembered.get(relative_path)
        return bool(key and last and last[0] == key and self.previous.get(relative_path) == last[1]
                    and last[2] == meta_digest(page.meta) and self._exists(relative_path))

    def _exists(self, relative_path: str) -> bool:
        return relative_path in self.existing if self.existing is not None else (self.docs / relative_path).exists()

    def write(self, page: GeneratedPage, key: str = "", shown: list[str] | None = None) \
            -> tuple[str, bool, str, dict[str, Any], list | None]:
        """(docs path, whether the file was written, digest, metadata, what page-keys.json keeps of it);
        `shown`: the entries the page shows, kept for an entry's page (see unchanged)."""
        relative_path = routes.doc_path(page.url)
        if page.body == REUSED:  # checked by reusable()
            kept = self.remembered[relative_path]
            return relative_path, False, kept[1], page.meta, [*kept[:3], shown or []]
        text = page_text(page)
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
        kept = [key, digest, meta_digest(page.meta), shown or []] if key else None
        if self.previous.get(relative_path) == digest and self._exists(relative_path):
            return relative_path, False, digest, page.meta, kept
        write_atomically(self.docs / relative_path, text)
        return relative_path, True, digest, page.meta, kept

    def save(self, digests: dict[str, str], keys: dict[str, list] | None = None) -> None:
        if digests != self.previous:
            write_atomically(self.docs / MANIFEST, json.dumps(digests, sort_keys=True))
        if self.keys_file is not None and keys is not None and \
                (keys != self.remembered or self.catalog_now != self.catalog_then):
            self.keys_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.keys_file, json.dumps({"format": KEYS_FORMAT, "pages": keys, "catalog": self.catalog_now},
                                                        ensure_ascii=False))


# The jobs whose pages show only entries (by fingerprint) placed by the catalog's structure, and labels: while the
# structure is the last build's, such a page showing no changed entry stands (the home page counts awards).
_STANDING_JOBS = frozenset({"entry", "movement", "collection", "people", "group", "groups", "movements"})
_SHOWN_KEPT = 200  # entries: a page showing more (the A–Z index is handed every person) is keyed at every build


def _entry_unchanged(renderer: PageTemplates, writer: PageWriter, job: tuple) -> list[tuple] | None:
    """An entry's page that shows no changed entry, while the catalog's structure is the last build's: its
    last file stands, and it is neither keyed nor rendered (the one step of a one-entry edit that grew with
    the site)."""
    if job[0] != "entry" or writer.changed is None:
        return None
    entry = renderer.catalog.collection(job[1])[job[2]]
    relative_path = routes.doc_path(routes.entry_url(entry))
    last = writer.unchanged(relative_path)
    return None if last is None else [(relative_path, False, last[1], job, last)]


def _run_job(context: tuple[PageTemplates, PageWriter], job: tuple) -> list[tuple]:
    """The job's pages as PageWriter.write gives them. A page whose inputs are the
    last build's is not rendered again; if its metadata differs all the same, the job is rendered."""
    renderer, writer = context
    if (kept := _entry_unchanged(renderer, writer, job)) is not None:
        return kept
    standing = job[0] in _STANDING_JOBS and writer.changed is not None
    renderer.standing = writer.unchanged if standing else None  # made, not keyed: see Templates.render
    try:
        pages = list(_render_job(renderer, job))
    finally:
        renderer.standing = None
    if any(page.body == REUSED and not writer.reusable(page, renderer.keys.get(page.url, ("", []))[0])
           for page in pages):
        remembered, renderer.remembered = renderer.remembered, None
        try:
            pages = list(_render_job(renderer, job))
        finally:
            renderer.remembered = remembered
    results = []
    for page in pages:
        key, shown = renderer.keys.pop(page.url, ("", []))
        results.append(writer.write(page, key, shown if job[0] in _STANDING_JOBS and len(shown) <= _SHOWN_KEPT
                                    else None))
    return results


class PageMeta(dict):
    """Docs path → page metadata (the file's front matter). A standing entry page's is kept as its job and made
    when first asked for: a renderer asks only for the pages it renders, and at 10,000 entries making them all
    was a sixth of a one-edit build."""

    def __init__(self, renderer: PageTemplates):
        super().__init__()
        self._renderer = renderer

    def __getitem__(self, path: str) -> dict[str, Any]:
        value = super().__getitem__(path)
        if isinstance(value, tuple):  # ("entry", collection, key)
            value = self[path] = self._renderer.entry_meta(self._renderer.catalog.collection(value[1])[value[2]])
        return value

    def get(self, path: str, default: Any = None) -> Any:
        return self[path] if path in self else default


@dataclass
class GeneratedPages:
    """What the pages stage hands the renderer: every page's docs path and metadata."""

    docs: Path
    meta: PageMeta
    changed: int = 0
    removed: int = 0
    digests: dict[str, str] = field(default_factory=dict)  # docs path → digest of the page's whole text

    @property
    def written(self) -> set[str]:
        return set(self.meta)

    def __len__(self) -> int:
        return len(self.meta)


def render_bodies(site: SiteContext, progress: Progress) -> None:
    """Every published body as HTML, on all cores, before the stages that read them (pages, feeds, search) run
    or fork."""
    bodies = [entry for entry in [*site.catalog.entries(), *site.catalog.honours.values()]
              if not isinstance(entry, Person) or entry.biography_public]
    rendered = site.bodies.render_all(bodies)
    progress.stage("Chuyển phần giới thiệu sang HTML", f"{number(len(bodies))} mục ({number(rendered)} chuyển mới)")


def generate(site: SiteContext, progress: Progress | None = None) -> GeneratedPages:
    """Write every page (the catalog's and the providers') into the docs folder; remove stale ones. The bodies
    are rendered by render_bodies first (else one at a time, as pages ask for them)."""
    progress = progress or Progress(enabled=False)
    docs = site.project.docs_dir
    docs.mkdir(parents=True, exist_ok=True)
    existing, folders = _scan(docs)
    renderer = PageTemplates(site)
    jobs = spread(_jobs(site), site.project.workers)
    writer = PageWriter(docs, site.project.records / KEYS_FILE, existing)
    digests: dict[str, str] = {}
    metadata = PageMeta(renderer)
    keys: dict[str, list] = {}
    changed = 0

    def record(path: str, was_changed: bool, digest: str, meta: dict[str, Any] | tuple, kept: list[str] | None) \
            -> None:
        nonlocal changed
        digests[path] = digest
        metadata[path] = meta
        changed += was_changed
        if kept:
            keys[path] = kept

    for provider in PROVIDERS:  # a few pages, rendered every time
        for page in provider(renderer):
            record(*writer.write(page))
    renderer.global_key, renderer.remembered = site.global_key, writer.remembered
    writer.catalog_now, writer.changed = site.catalog_state, site.changed_since(writer.catalog_then)
    # A few changed entries leave most pages standing, and a forked half of the jobs costs more than it saves.
    few = writer.changed is not None and len(writer.changed) * 50 < len(jobs)
    for done, results in enumerate(ordered_map(_run_job, jobs, (renderer, writer),
                                               workers=1 if few else site.project.workers, minimum=200, even=True),
                                   start=1):
        for result in results:
            record(*result)
        progress.tick("Tạo trang", done, len(jobs))
    writer.save(digests, keys)
    removed = _remove_stale(docs, existing, folders, set(digests))
    progress.stage("Tạo trang", f"{number(len(digests))} trang ({number(changed)} trang thay đổi, "
                   f"{number(removed)} trang bỏ đi)")
    return GeneratedPages(docs, metadata, changed, removed, digests)


def _scan(docs: Path) -> tuple[set[str], list[str]]:
    """The files and folders in the docs folder, relative; links are removed on the way, so no page is
    written through one out of the project. One scandir walk: no stat per file."""
    files: set[str] = set()
    folders: list[str] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(docs / relative if relative else docs) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_symlink():
                    os.unlink(entry.path)
                elif entry.is_dir():
                    folders.append(name)
                    pending.append(name)
                elif not (not relative and entry.name in _OWN_FILES):
                    files.add(name)
    return files, folders


def _remove_stale(docs: Path, existing: set[str], folders: list[str], keep: set[str]) -> int:
    """Delete every file in the docs folder this build did not write (a page the last build wrote, or
    anything placed there by hand: the renderer publishes whatever the folder holds), then empty folders."""
    stale = existing - keep
    for name in stale:
        (docs / name).unlink(missing_ok=True)
    for name in sorted(folders, key=len, reverse=True) if stale else ():
        try:
            (docs / name).rmdir()
        except OSError:
            pass  # not empty
    return len(stale)
