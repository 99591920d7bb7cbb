"""RSS 2.0 and Atom feeds for the Facebook page's automation (IFTTT, Zapier, Make, dlvr.it).

Such services post every item whose id they have not seen, so an item's id
must never change: it is a UUID derived from the entry's stable id (its
collection and file name, or the old name kept in `uid:` after a rename), not
from its URL, title or the site address. Dates come from the content only,
and the feed's own date is its newest item's, so a rebuild without new
content writes byte-identical feeds. Drafts, future entries and unconsented
biographies never reach a feed because feeds read the published catalog.

Automation services post an item's title and description as the Facebook
post, so both stand alone: the title says what the entry is, who or what, and
where ("Gương cá nhân: Vũ Ngọc Sang (Công ty Cổ phần Trà Than Uyên)"), and the
description opens with the entry's summary.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from html import escape
from importlib.metadata import version
from pathlib import Path

from feedgen.feed import FeedGenerator
from lxml import etree
from lxml import html as lxml_html

from .. import routes
from ..content.entries import Entry, Model, Person
from ..files import link_files, replaced_atomically, write_atomically
from ..media.cards import SITE_CARD
from ..pages import markdown_body
from ..pages.context import SiteContext
from ..progress import Progress, number
from ..project import VIETNAM
from .report import OutputReport

FEED_CACHE = "feeds"  # in the records folder (Project.records): feed files by feed_key
_CODE = (Path(__file__).read_bytes(), version("feedgen"), etree.LXML_VERSION)
PROJECT_NAMESPACE = uuid.UUID("5b0c6f1e-6c57-4d7a-9d63-2f0f1d2c4a10")

# An item title longer than this is shortened. The automation services' usual recipes put the title first
# in the Facebook post, and Facebook shows about 100 characters of a link's headline, so a title within
# 100 is read whole. Full titles run long: in the sample 15 of 27 are over 100 (the longest 204),
# mostly a model's long name with a unit's full name, so the unit's short name is tried first.
TITLE_LIMIT = 100
# The name keeps at least this many characters (about four Vietnamese words) or the unit gives way.
NAME_MINIMUM = 24
# The description is the post's text: the summary in full, then facts and the body up to about this many
# characters (Facebook folds a post after a few lines; the whole item is one click away).
DESCRIPTION_LIMIT = 1_200


@dataclass
class FeedSpec:
    key: str
    title: str
    description: str
    page_url: str  # the HTML page the feed mirrors (site-relative)
    folder: str  # site-relative folder holding rss.xml and atom.xml
    entries: list[Entry]

    @property
    def rss_url(self) -> str:
        return f"{self.folder}rss.xml"

    @property
    def atom_url(self) -> str:
        return f"{self.folder}atom.xml"


def item_id(site: SiteContext, entry: Entry) -> str:
    """urn:uuid from the entry's stable id: unchanged by renames kept in `uid:`, titles or site_url."""
    return f"urn:uuid:{uuid.uuid5(_item_namespace(site.project.options.feed_namespace), entry.stable_id)}"


@lru_cache(maxsize=8)
def _item_namespace(name: str) -> uuid.UUID:
    return uuid.uuid5(PROJECT_NAMESPACE, name)


def shorten(text: str, limit: int) -> str:
    """The text, or its longest word-boundary prefix that fits in `limit` characters with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—(") + "…"


def _unit_names(site: SiteContext, entry: Entry) -> list[str]:
    """How the title may name the entry's units, longest first: full names, then short ones (units.yml)."""
    units = site.catalog.units_of(entry)
    if not units:
        return []
    vocabulary = site.catalog.vocabularies["units"]
    first = vocabulary.terms.get(units[0])
    names = [vocabulary.name_of(units[0])]
    short = str(first.get("short", "") or "") if first else ""
    if short and short != names[0]:
        names.append(short)
    if len(units) > 1:
        more = site.labels["feeds"]["more_units"].replace("{count}", str(len(units) - 1))  # no format(): staff edit it
        names = [f"{name} {more}" for name in names]
    return names


def item_title(site: SiteContext, entry: Entry, limit: int = TITLE_LIMIT) -> str:
    """"Kind: name (unit)", within `limit` characters: the unit's short name if the full one does not fit,
    then the name shortened at a word, and the unit left out only when even its short name leaves no room."""
    head = f"{site.catalog.kind_label(entry)}: "
    names = _unit_names(site, entry)
    for unit in names:
        title = f"{head}{entry.title} ({unit})"
        if len(title) <= limit:
            return title
    if names:
        tail = f" ({names[-1]})"
        room = limit - len(head) - len(tail)
        if room >= NAME_MINIMUM:
            return f"{head}{shorten(entry.title, room)}{tail}"
    return shorten(f"{head}{entry.title}", limit)


def _plain(html: str) -> list[str]:
    """The paragraphs of sanitised HTML as text, one per block."""
    if not html.strip():
        return []
    paragraphs = []
    for block in lxml_html.fragments_fromstring(html):
        text = block.text_content() if not isinstance(block, str) else block
        text = " ".join(text.split())
        if text:
            paragraphs.append(text)
    return paragraphs


def item_description(site: SiteContext, entry: Entry) -> str:
    """The post's text: the summary as written, then the entry's units, movements and body (public parts only)."""
    parts = [entry.summary] if entry.summary else [entry.title]
    subtitle = site.catalog.subtitle(entry)
    if subtitle:
        parts.append(subtitle)
    movements = site.catalog.movements_of(entry)
    if movements:
        parts.append(f"{site.labels['facts']['movements']}: {'; '.join(m.title for m in movements)}")
    if not isinstance(entry, Person) or entry.biography_public:
        room = DESCRIPTION_LIMIT - sum(len(p) + 2 for p in parts)
        for paragraph in _plain(site.bodies.of(entry)):
            if len(paragraph) > room:
                if room >= 80:  # a paragraph's opening, not a stub of a few words
                    parts.append(shorten(paragraph, room))
                break
            parts.append(paragraph)
            room -= len(paragraph) + 2
    return "\n\n".join(parts)


def _when(day: date | None) -> datetime:
    return datetime.combine(day or date(2000, 1, 1), time(0, 0), tzinfo=VIETNAM)


def feed_specs(site: SiteContext) -> list[FeedSpec]:
    catalog, labels = site.catalog, site.labels
    name = site.project.site_name
    specs = [
        FeedSpec("all", name, site.project.organisation.get("description", name), routes.HOME, routes.feed_folder(),
                 catalog.latest()),
        FeedSpec("models", f"{labels['sections']['models']} - {name}", labels["sections"]["models"],
                 routes.collection_url("models"), routes.feed_folder(routes.COLLECTIONS["models"]), catalog.latest(kind=Model)),
        FeedSpec("people", f"{labels['sections']['people']} - {name}", labels["sections"]["people"],
                 routes.collection_url("people"), routes.feed_folder(routes.COLLECTIONS["people"]), catalog.latest(kind=Person)),
    ]
    for movement in catalog.movements_in_order():
        members = [*catalog.movement_models.get(movement.id, []), *catalog.movement_people.get(movement.id, [])]
        members.sort(key=lambda e: (e.date or date.min, e.key), reverse=True)
        specs.append(FeedSpec(f"movement:{movement.id}", f"{movement.title} - {name}", movement.summary or movement.title,
                              routes.entry_url(movement), routes.movement_feed_folder(movement), members))
    return specs


def _item_html(site: SiteContext, entry: Entry) -> str:
    """What the feed item says: summary, image, facts and the (sanitised, absolute) body."""
    base = site.project.base_url
    url = routes.absolute(base, routes.entry_url(entry))
    parts = [f"<p>{escape(entry.summary)}</p>"] if entry.summary else []  # the summary leads, as in the description
    photo = None
    if isinstance(entry, Person) and entry.photo_public:
        photo = site.photo(entry.photo), entry.photo.alt
    elif isinstance(entry, Model) and entry.photos:
        photo = site.photo(entry.photos[0]), entry.photos[0].alt
    if photo and photo[0]:
        rendition = photo[0].largest()
        parts.append(f'<p><img src="{escape(routes.absolute(base, rendition.url))}" alt="{escape(photo[1])}" '
                     f'width="{rendition.width}" height="{rendition.height}"></p>')
    if subtitle := site.catalog.subtitle(entry):
        parts.append(f"<p>{escape(subtitle)}</p>")
    if not isinstance(entry, Person) or entry.biography_public:
        parts.append(markdown_body.absolutise(site.bodies.of(entry), url))
    parts.append(f'<p><a href="{escape(url)}">{escape(site.labels["feeds"]["read_more"])}</a></p>')
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class ItemText:
    title: str
    description: str  # plain text: RSS <description>, Atom <summary>
    html: str  # RSS <content:encoded>, Atom <content>


def _item_text(site: SiteContext, entry: Entry, texts: dict[str, ItemText]) -> ItemText:
    text = texts.get(entry.key)
    if text is None:
        text = texts[entry.key] = ItemText(item_title(site, entry), item_description(site, entry),
                                           _item_html(site, entry))
    return text


def _item_inputs(site: SiteContext, entry: Entry) -> tuple:
    """Everything an entry's ItemText is made from (item_title, item_description, _item_html): a feed's key is
    taken from these, and the texts, which parse every body, are made only for a feed written again."""
    photo = getattr(entry, "photo", None) if isinstance(entry, Person) else \
        (entry.photos[0] if isinstance(entry, Model) and entry.photos else None)
    rendition = site.photo(photo) if photo is not None else None
    return (entry.digest, site.catalog.kind_label(entry), site.catalog.subtitle(entry), _unit_names(site, entry),
            [m.title for m in site.catalog.movements_of(entry)], rendition.largest() if rendition else None,
            site.labels["feeds"], site.labels["facts"]["movements"], site.project.base_url)


def _newest(site: SiteContext, items: list[Entry]) -> datetime:
    return _when(max((e.date for e in items if e.date), default=None)
                 or max((e.date for e in site.catalog.exemplars() if e.date), default=None))


def feed_key(site: SiteContext, spec: FeedSpec, limit: int, items: dict[str, str]) -> str:
    """A digest of everything the two files of a feed are written from (build_feed, the enclosures, this
    module and feedgen): equal digests, equal bytes, so a feed whose items did not change is not written again.
    `items` keeps each entry's part for the other feeds it is in."""
    project, cards = site.project, site.media.cards
    site_card = cards.get(SITE_CARD)
    parts: list[object] = [_CODE, spec.key, spec.title, spec.description, spec.page_url, spec.folder, limit,
                           project.base_url, project.organisation.get("name", project.site_name),
                           site_card.url if site_card else "", _newest(site, spec.entries[:limit]).isoformat()]
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass") + b"\x00")
    for entry in spec.entries[:limit]:
        item = items.get(entry.key)
        if item is None:
            card = cards.get(entry.key)
            item = items[entry.key] = repr((
                item_id(site, entry), routes.entry_url(entry), entry.date, _item_inputs(site, entry),
                [(m.id, m.title) for m in site.catalog.movements_of(entry)],
                (card.url, card.bytes, card.media_type) if card else None))
        hasher.update(item.encode("utf-8", "surrogatepass") + b"\x00")
    return hasher.hexdigest()


def build_feed(site: SiteContext, spec: FeedSpec, limit: int,
               texts: dict[str, ItemText]) -> FeedGenerator:
    """The feed without enclosures (added per format); `texts` caches each entry's words across feeds."""
    base = site.project.base_url
    organisation = site.project.organisation.get("name", site.project.site_name)
    items = spec.entries[:limit]
    newest = _newest(site, items)
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{uuid.uuid5(PROJECT_NAMESPACE, 'feed:' + spec.key)}")
    feed.title(spec.title)
    feed.subtitle(spec.description or spec.title)
    feed.author({"name": organisation})
    feed.language("vi")
    feed.generator("dienhinh")
    _links(feed, site, spec, spec.atom_url, "application/atom+xml")
    site_card = site.media.cards.get(SITE_CARD)
    if site_card is not None:
        feed.logo(routes.absolute(base, site_card.url))
    feed.updated(newest)
    feed.lastBuildDate(newest)
    for entry in reversed(items):  # feedgen prepends: add oldest first so the newest ends on top
        item = feed.add_entry()
        guid = item_id(site, entry)
        item.id(guid)
        item.guid(guid, permalink=False)
        text = _item_text(site, entry, texts)
        item.title(text.title)
        item.link(href=routes.absolute(base, routes.entry_url(entry)), rel="alternate")
        item.description(text.description, isSummary=True)
        item.content(text.html, type="html")
        item.published(_when(entry.date))
        item.updated(_when(entry.date))
        item.author({"name": organisation})
        for movement in site.catalog.movements_of(entry):
            item.category(term=movement.id, label=movement.title)
    return feed


def _links(feed: FeedGenerator, site: SiteContext, spec: FeedSpec, self_url: str, media_type: str) -> None:
    """Self link first, the page last: feedgen makes the last link the RSS channel's <link>."""
    base = site.project.base_url
    feed.link(href=routes.absolute(base, self_url), rel="self", type=media_type, replace=True)
    feed.link(href=routes.absolute(base, spec.page_url), rel="alternate", type="text/html")


def _atom_with_enclosures(feed: FeedGenerator, site: SiteContext, spec: FeedSpec, limit: int) -> bytes:
    """Atom bytes with one rel="enclosure" link per entry.

    feedgen 1.0.0 writes entry links without their rel, type and length (in
    FeedEntry.atom_entry the loop variable is rebound to the new element before
    they are read), so an enclosure would become a second "alternate" link and
    readers would take the image for the entry's page. We add them ourselves.
    """
    tree = etree.fromstring(feed.atom_str(pretty=False))
    atom = "{http://www.w3.org/2005/Atom}"
    cards = {item_id(site, entry): site.media.cards.get(entry.key) for entry in spec.entries[:limit]}
    for element in tree.iter(f"{atom}entry"):
        card = cards.get(element.findtext(f"{atom}id"))
        if card is not None:
            etree.SubElement(element, f"{atom}link", rel="enclosure", type=card.media_type, length=str(card.bytes),
                             href=routes.absolute(site.project.base_url, card.url))
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def write_feeds(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    """Every feed, each kept in the cache by feed_key and linked into the site: only the feeds an edit
    reaches (the site's, its kind's, its movements') are written again."""
    limit = site.project.options.feed_items
    texts: dict[str, ItemText] = {}
    items: dict[str, str] = {}
    cache = site.project.records / FEED_CACHE  # pruned below: the preview keeps its own
    cache.mkdir(parents=True, exist_ok=True)
    pairs: list[tuple[str, str]] = []
    written = 0
    for spec in feed_specs(site):
        key = feed_key(site, spec, limit, items)
        atom, rss = cache / f"{key}.atom.xml", cache / f"{key}.rss.xml"
        if not (atom.is_file() and rss.is_file()):
            feed = build_feed(site, spec, limit, texts)
            write_atomically(atom, _atom_with_enclosures(feed, site, spec, limit))
            _links(feed, site, spec, spec.rss_url, "application/rss+xml")
            cards = {item_id(site, entry): site.media.cards.get(entry.key) for entry in spec.entries[:limit]}
            for item in feed.entry():
                card = cards.get(item.id())
                if card is not None:
                    item.enclosure(routes.absolute(site.project.base_url, card.url), str(card.bytes), card.media_type)
            with replaced_atomically(rss) as stream:
                feed.rss_file(stream, pretty=True)
            written += 1
        pairs += [(str(atom), str(output_dir / spec.folder / "atom.xml")),
                  (str(rss), str(output_dir / spec.folder / "rss.xml"))]
    link_files(pairs)
    kept = {Path(source).name for source, _ in pairs}
    for old in cache.iterdir():
        if old.name not in kept:
            old.unlink(missing_ok=True)
    count = len(pairs)
    return OutputReport("Nguồn tin RSS/Atom", count, f"{number(count)} nguồn tin ({number(written * 2)} viết mới)",
                        feeds=count)
