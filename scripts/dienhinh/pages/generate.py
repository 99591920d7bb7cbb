"""Generate stage: the catalog → Markdown pages (HTML blocks in .md files) for MkDocs.

Every page is a file of HTML in the docs folder; its metadata (title, description,
sharing image) goes to the MkDocs plugin in memory (PageWriter). Entries are not
in the navigation, listings are paginated: both keep the build linear at
10,000 entries. Pages are rendered on all cores, each process writing its own
files; a file whose content did not change is not rewritten, so `mkdocs serve`
does not loop on its own output.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import markdown_body
from .. import routes
from ..content.catalog import Catalog, publication_status
from ..text.collation import ALPHABET, collation_key, initial_letter, initials
from ..content.entries import Entry, Model, Movement, Person
from ..media.photos import avatar_colour
from ..parallel import ordered_map, shared, spread
from ..progress import Progress, number
from ..project import Project
from ..publish import write_atomically
from ..media.cards import SITE_CARD

TEMPLATES = Path(__file__).parents[1] / "templates"
_TELEX = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}


# ------------------------------------------------------------------ labels, formatting

def load_labels(project: Project, catalog: Catalog | None = None) -> dict[str, Any]:
    """The UI labels: checked and merged with the defaults when the vocabularies were loaded."""
    if catalog is not None:
        return catalog.vocabularies.labels
    from ..problems import Problems
    from ..content.vocabulary import load_labels as load

    return load(project.data_dir / "labels.yml", project.root, Problems())


def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def letter_anchor(letter: str) -> str:
    low = letter.lower()
    return "chu-" + _TELEX.get(low, low if low.isascii() and low.isalnum() else "khac")


def _sanitised(markdown_text: str) -> Markup:
    """Staff Markdown rendered and sanitised (markdown_body), so templates may insert it as is."""
    return Markup(markdown_body.render(markdown_text))


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


# ------------------------------------------------------------------ the generator

@dataclass
class GeneratedPage:
    url: str
    meta: dict[str, Any]
    body: str


@dataclass
class SiteContext:
    """What every template sees; built once in the parent, inherited by forked workers."""

    project: Project
    catalog: Catalog
    labels: dict[str, Any]
    extra_links: list[tuple[str, str]] = field(default_factory=list)
    movement_links: Callable[[Movement], list[tuple[str, str]]] | None = None
    people_order: list[Person] = field(default_factory=list)
    people_letters: tuple[dict[str, str], list[tuple[str, str]]] | None = None  # see _people_letters
    photos: Any = None  # images.PhotoLibrary, once the media stage ran
    cards: dict[str, Any] = field(default_factory=dict)  # entry key (or SITE_CARD) → social_cards.Card


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["vn_date"] = vn_date
    env.filters["vn_number"] = number
    return env


class PageRenderer:
    def __init__(self, site: SiteContext):
        self.site = site
        self.catalog = site.catalog
        self.vocab = site.catalog.vocabularies
        self.env = _environment()

    # helpers exposed to templates
    def term(self, vocabulary: str, term_id: str) -> str:
        return self.vocab[vocabulary].name_of(term_id)

    def term_extra(self, vocabulary: str, term_id: str, key: str) -> str:
        term = self.vocab[vocabulary].terms.get(term_id)
        return str(term.get(key, "")) if term else ""

    def share_links(self, page_url: str) -> dict[str, str]:
        """Plain links to share a page; no third-party script is loaded."""
        absolute = routes.absolute(self.site.project.base_url, page_url)
        return {"url": absolute, "facebook": f"https://www.facebook.com/sharer/sharer.php?u={quote(absolute, safe='')}"}

    def kind_label(self, entry: Entry) -> str:
        if isinstance(entry, Model):
            return self.term("model_kinds", entry.kind)
        return self.site.labels["kinds"][entry.collection]

    def subtitle(self, entry: Entry) -> str:
        if isinstance(entry, Person):
            unit = self.term("units", entry.unit)
            return f"{entry.position}, {unit}" if entry.position else unit
        if isinstance(entry, Model):
            return "; ".join(self.term("units", u) for u in entry.units)
        return ""

    def photo(self, photo) -> Any:
        return self.site.photos.get(photo) if self.site.photos is not None and photo is not None else None

    def portrait(self, entry: Entry) -> Any:
        """The published photo that stands for an entry: a consented portrait, or a model's first photo."""
        if isinstance(entry, Person):
            return self.photo(entry.photo) if entry.photo_public else None
        if isinstance(entry, Model) and entry.photos:
            return self.photo(entry.photos[0])
        return None

    def avatar(self, entry: Entry) -> dict[str, str]:
        return {"initials": initials(entry.title), "colour": avatar_colour(entry.key)}

    def render(self, template: str, page_url: str, **context: Any) -> str:
        base = {
            "photo": self.photo, "portrait": self.portrait, "avatar": self.avatar,
            "share": self.share_links(page_url),
            "L": self.site.labels, "link": lambda url: routes.relative(page_url, url),
            "url_of": routes.entry_url, "group_url": routes.group_url, "collection_url": routes.collection_url,
            "term": self.term, "term_extra": self.term_extra, "kind_label": self.kind_label,
            "subtitle": self.subtitle, "site_name": self.site.project.site_name,
            "organisation": self.site.project.organisation,
        }
        return self.env.get_template(template).render(**base, **context)

    # page kinds
    def entry_page(self, entry: Entry) -> GeneratedPage:
        url = routes.entry_url(entry)
        catalog = self.catalog
        status = self._status_note(entry)
        show_body = not isinstance(entry, Person) or entry.biography_public
        people = catalog.model_people.get(entry.id, []) if isinstance(entry, Model) else []
        initiatives = catalog.person_models.get(entry.id, []) if isinstance(entry, Person) else []
        linked = {e.key for e in [*people, *initiatives]}
        context: dict[str, Any] = {
            "entry": entry, "status": status,
            "body": _sanitised(entry.body) if show_body else "",
            "movements": catalog.movements_of(entry),
            "awards": catalog.awards_in_order(entry),
            "people": people, "initiatives": initiatives, "rolls": catalog.rolls_of(entry),
            "related": [e for e in catalog.related(entry, limit=4 + len(linked)) if e.key not in linked][:4],
        }
        body = self.render("entry.html.j2", url, **context)
        return GeneratedPage(url, self.page_meta(entry.title, entry.summary, entry, hide_toc=True), body)

    def movement_page(self, movement: Movement, page: int) -> GeneratedPage:
        members = self.catalog.members_of(movement.id)
        size = self.site.project.page_size
        pager = Pager(page, page_count(len(members), size), routes.entry_url(movement))
        url = pager.url(page)
        links = self.site.movement_links(movement) if self.site.movement_links else []
        body = self.render("movement.html.j2", url, entry=movement, status=self._status_note(movement),
                           body=_sanitised(movement.body) if page == 1 else "",
                           items=members[(page - 1) * size: page * size], total=len(members), pager=pager,
                           extra_links=links)
        title = movement.title if page == 1 else f"{movement.title} ({self.site.labels['listing']['page']} {page})"
        return GeneratedPage(url, self.page_meta(title, movement.summary, movement if page == 1 else None,
                                             hide_toc=True), body)

    def listing_page(self, title: str, base: str, items: list[Entry], page: int, intro: str = "",
                     groups: list[dict] | None = None, letters: list[tuple[str, str]] | None = None,
                     total: int | None = None) -> GeneratedPage:
        size = self.site.project.page_size
        pager = Pager(page, page_count(total if total is not None else len(items), size), base)
        url = pager.url(page)
        shown = items if groups is not None else items[(page - 1) * size: page * size]
        body = self.render("listing.html.j2", url, title=title, intro=intro, items=shown, groups=groups,
                           letters=letters, total=total if total is not None else len(items), pager=pager)
        full_title = title if page == 1 else f"{title} ({self.site.labels['listing']['page']} {page})"
        return GeneratedPage(url, self.page_meta(full_title, intro, None, hide_toc=True), body)

    def groups_page(self, title: str, url: str, groups: list[tuple[str, str, int]], intro: str = "") -> GeneratedPage:
        body = self.render("groups.html.j2", url, title=title, intro=intro, groups=groups)
        return GeneratedPage(url, self.page_meta(title, intro, None, hide_toc=True), body)

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
                           extra_links=self.site.extra_links)
        description = self.site.project.organisation.get("description", "")
        return GeneratedPage(routes.HOME, self.page_meta(self.site.project.site_name, description, None, hide_toc=True),
                             body)

    def _status_note(self, entry: Entry) -> str:
        reason = publication_status(entry, self.site.project.today, preview=False)
        labels = self.site.labels["preview"]
        if reason is None:
            return ""
        if entry.draft:
            return labels["draft"]
        return f"{labels['future']} {vn_date(entry.date)}."

    def page_meta(self, title: str, description: str, entry: Entry | None, hide_toc: bool = False,
                  source: str = "") -> dict[str, Any]:
        """Front matter. `dienhinh.html` marks a body of pure HTML that needs no Markdown conversion;
        `image` is the page's social card and `feeds` its feed links, for the theme's head."""
        meta: dict[str, Any] = {"title": title}
        if description:
            meta["description"] = description
        if hide_toc:
            meta["hide"] = ["toc"]
        meta["dienhinh"] = info = {"html": True}
        if entry is not None:
            info.update(collection=entry.collection, id=entry.id, source=entry.path)
        elif source:
            info["source"] = source
        card = self.site.cards.get(entry.key if entry is not None else SITE_CARD) or self.site.cards.get(SITE_CARD)
        if card is not None:
            info["image"] = {"url": card.url, "width": card.width, "height": card.height, "type": card.media_type}
        feeds = list(self.site.extra_links)
        if isinstance(entry, Movement) and self.site.movement_links:
            feeds += self.site.movement_links(entry)
        if feeds:
            info["feeds"] = [{"title": label, "href": href,
                              "type": "application/atom+xml" if href.endswith("atom.xml") else "application/rss+xml"}
                             for label, href in feeds]
        return meta


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
def _groups(catalog: Catalog, group: str) -> dict[str, list[Entry]]:
    return catalog.group_by(_GROUP_ATTRIBUTE[group])


def _group_label(renderer: PageRenderer, group: str, key: str) -> str:
    return renderer.term(_GROUP_VOCABULARY[group], key) if group in _GROUP_VOCABULARY else key


def _render_job(renderer: PageRenderer, job: tuple) -> Iterable[GeneratedPage]:
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
        items = sorted(catalog.models.values(), key=lambda e: (e.date or date.min, e.key), reverse=True)
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


def _people_page(renderer: PageRenderer, page: int) -> GeneratedPage:
    """A–Z index: people in Vietnamese name order, grouped by the initial of the given name."""
    people = renderer.site.people_order
    size = renderer.site.project.page_size
    base = routes.collection_url("people")
    letter_of, letters = _people_letters(renderer.site)
    shown = people[(page - 1) * size: page * size]
    groups: list[dict] = []
    for person in shown:
        letter = letter_of[person.key]
        if not groups or groups[-1]["label"] != letter:
            groups.append({"label": letter, "anchor": letter_anchor(letter), "entries": []})
        groups[-1]["entries"].append(person)
    return renderer.listing_page(renderer.site.labels["sections"]["people_az"], base, people, page,
                                 groups=groups, letters=letters, total=len(people))


def _people_letters(site: SiteContext) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each person's index letter and the letter bar (letter → first page holding it); computed
    once per build, not once per page of the index."""
    if site.people_letters is None:
        size = site.project.page_size
        base = routes.collection_url("people")
        letter_of: dict[str, str] = {}
        first_page: dict[str, int] = {}
        for index, person in enumerate(site.people_order):
            words = person.name.split()
            letter = letter_of[person.key] = initial_letter(words[-1] if words else person.name)
            first_page.setdefault(letter, index // size + 1)
        letters = [(letter, routes.paged(base, number) + "#" + letter_anchor(letter))
                   for letter, number in sorted(first_page.items(), key=lambda kv: _letter_order(kv[0]))]
        site.people_letters = (letter_of, letters)
    return site.people_letters


def _letter_order(letter: str) -> int:
    low = letter.lower()
    return ALPHABET.index(low) if low in ALPHABET else len(ALPHABET)


# ------------------------------------------------------------------ writing

def write_if_changed(path: Path, text: str) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    write_atomically(path, text)
    return True


MANIFEST = ".pages.json"  # in the docs folder: digest of each page written by the last build


class PageWriter:
    """Writes generated pages into the docs folder, skipping those whose text has not changed
    since the last build (known from a manifest of digests, without reading the old file back):
    MkDocs then sees the same files, and a warm build touches only what changed.

    A page's metadata (title, description, sharing image) is not written into the file as YAML
    front matter but handed to the MkDocs plugin in memory: parsing 10,000 front matters was a
    tenth of the build."""

    def __init__(self, docs: Path):
        self.docs = docs
        try:
            self.previous: dict[str, str] = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.previous = {}

    def write(self, page: "GeneratedPage") -> tuple[str, bool, str, dict[str, Any]]:
        relative_path = routes.doc_path(page.url)
        text = page.body + "\n"
        described = json.dumps(page.meta, ensure_ascii=False, sort_keys=True) + "\n" + text
        digest = hashlib.blake2b(described.encode("utf-8"), digest_size=16).hexdigest()
        path = self.docs / relative_path
        if self.previous.get(relative_path) == digest and path.exists():
            return relative_path, False, digest, page.meta
        write_atomically(path, text)
        return relative_path, True, digest, page.meta

    def save(self, digests: dict[str, str]) -> None:
        (self.docs / MANIFEST).write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")


def _run_job(job: tuple) -> list[tuple[str, bool, str, dict[str, Any]]]:
    renderer: PageRenderer = shared("renderer")
    writer: PageWriter = shared("writer")
    return [writer.write(page) for page in _render_job(renderer, job)]


@dataclass
class GenerationResult:
    pages: int
    changed: int
    removed: int
    written: set[str]
    meta: dict[str, dict[str, Any]]  # docs path → page metadata, for the MkDocs plugin


def generate(site: SiteContext, progress: Progress | None = None,
             extra: Iterable[GeneratedPage] = ()) -> GenerationResult:
    """Write every page (and `extra` pages from other modules) into the docs folder; remove stale ones."""
    progress = progress or Progress(enabled=False)
    docs = site.project.docs_dir
    docs.mkdir(parents=True, exist_ok=True)
    site.people_order = site.catalog.people_by_name()
    _people_letters(site)
    bodies = [entry.body for entry in [*site.catalog.entries(), *site.catalog.honours.values()]
              if not isinstance(entry, Person) or entry.biography_public]
    rendered = markdown_body.render_all(bodies, site.project.cache_dir / "bodies.json")
    progress.stage("Chuyển phần giới thiệu sang HTML", f"{number(len(bodies))} mục ({number(rendered)} chuyển mới)")
    renderer = PageRenderer(site)
    jobs = spread(_jobs(site))
    writer = PageWriter(docs)
    digests: dict[str, str] = {}
    changed = 0

    metadata: dict[str, dict[str, Any]] = {}

    def record(path: str, was_changed: bool, digest: str, meta: dict[str, Any]) -> None:
        nonlocal changed
        digests[path] = digest
        metadata[path] = meta
        changed += was_changed

    for page in extra:
        record(*writer.write(page))
    for done, results in enumerate(ordered_map(_run_job, jobs, {"renderer": renderer, "writer": writer},
                                               minimum=200, even=True), start=1):
        for result in results:
            record(*result)
        progress.tick("Tạo trang", done, len(jobs))
    writer.save(digests)
    written = set(digests)
    removed = _remove_stale(docs, written, writer.previous)
    progress.stage("Tạo trang", f"{number(len(written))} trang ({number(changed)} trang thay đổi, "
                   f"{number(removed)} trang bỏ đi)")
    return GenerationResult(len(written), changed, removed, written, metadata)


def _remove_stale(docs: Path, keep: set[str], previous: dict[str, str]) -> int:
    """Delete pages the last build wrote and this one did not (from the manifest); without a
    manifest, walk the docs folder for any file not written now."""
    if previous:
        stale = [docs / path for path in previous if path not in keep]
        for path in stale:
            path.unlink(missing_ok=True)
        for folder in sorted({path.parent for path in stale}, key=lambda f: -len(f.parts)):
            while folder != docs and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        return len(stale)
    removed = 0
    for folder, subfolders, files in os.walk(docs, topdown=False):
        for name in files:
            path = Path(folder) / name
            relative_path = path.relative_to(docs).as_posix()
            if name.startswith(".") or relative_path in keep:
                continue
            path.unlink()
            removed += 1
        if folder != str(docs) and not os.listdir(folder):
            os.rmdir(folder)
    return removed