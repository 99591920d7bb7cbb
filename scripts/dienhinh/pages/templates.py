"""The page templates (templates/pages/*.j2) and what they see: labels, links, terms, photos, dates.

One per build, shared by every page provider; page metadata (title, description, social card,
feed links) is made here too, so every page's head is made the same way.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .. import routes
from ..content.catalog import publication_status
from ..content.entries import Entry, Movement
from ..media.cards import SITE_CARD
from ..media.photos import avatar_colour
from ..progress import number
from ..text.collation import initials
from .context import SiteContext, digest_of, vn_date

TEMPLATES = Path(__file__).parents[1] / "templates" / "pages"
REUSED = "\x00the last build's page\x00"  # render()'s answer when the page's inputs are the last build's
_SHARED_LIST = 64  # items: a list this long is described once per build, however many pages show it


def template_cache(cache_dir: Path) -> jinja2.BytecodeCache:
    """Compiled templates kept between builds (Jinja checks each against its source): compiling the page and
    theme templates again was a fifth of a one-edit build at 1,000 entries."""
    folder = cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


class _Unkeyed(Exception):
    """A template value whose content cannot be told from its fields (a function): the page is rendered."""


def _environment(cache_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), bytecode_cache=template_cache(cache_dir),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["vn_date"] = vn_date
    env.filters["vn_number"] = number
    return env


class Templates:
    def __init__(self, site: SiteContext):
        self.site = site
        self.catalog = site.catalog
        self.vocab = site.catalog.vocabularies
        self.env = _environment(site.project.cache_dir)
        # Pages whose inputs are unchanged since the last build are not rendered again (pages/generate.py
        # sets these): what every page depends on, and each page's inputs key, digest and metadata then.
        self.global_key = ""
        self.remembered: dict[str, list] | None = None
        self.keys: dict[str, tuple[str, list[str]]] = {}  # page URL → inputs key and entries shown, of the page just rendered
        # While set: what page-keys.json keeps of a page whose last file stands without keying it (or None).
        self.standing: Callable[[str], list | None] | None = None
        self._shown: set[str] = set()  # the entries described for the page being keyed
        self._field_names: dict[type, tuple[str, ...]] = {}
        # id → (the list itself, kept alive; its description; the entries in it)
        self._lists: dict[int, tuple[list | tuple, str, frozenset[str]]] = {}

    def term_extra(self, vocabulary: str, term_id: str, key: str) -> str:
        term = self.vocab[vocabulary].terms.get(term_id)
        return str(term.get(key, "")) if term else ""

    def share_links(self, page_url: str) -> dict[str, str]:
        """Plain links to share a page; no third-party script is loaded. The Zalo and copy buttons share the
        page's canonical address (dienhinh.js)."""
        absolute = routes.absolute(self.site.project.base_url, page_url)
        return {"facebook": f"https://www.facebook.com/sharer/sharer.php?u={quote(absolute, safe='')}"}

    @staticmethod
    def avatar(entry: Entry) -> dict[str, str]:
        return {"initials": initials(entry.title), "colour": avatar_colour(entry.key)}

    def body_of(self, entry: Entry) -> Markup:
        """An entry's Markdown body rendered and sanitised, so templates may insert it as is."""
        return Markup(self.site.bodies.of(entry))

    def _describe(self, value: Any, out: list[str]) -> None:
        if isinstance(value, str):  # Markup too
            out.append("S" + value)
        elif isinstance(value, Entry):
            out.append("E" + self.site.fingerprint(value))
            self._shown.add(value.key)
        elif value is None or isinstance(value, (int, float, date, Path)):
            out.append(repr(value))
        elif isinstance(value, dict):
            out.append("{")
            try:
                keys = sorted(value)
            except TypeError:  # keys of mixed types
                keys = sorted(value, key=str)
            for key in keys:
                if isinstance(key, str):
                    out.append("S" + key)
                else:
                    self._describe(key, out)
                self._describe(value[key], out)
            out.append("}")
        elif isinstance(value, (list, tuple)):
            if len(value) >= _SHARED_LIST:
                out.append(self._described_list(value))
                return
            out.append("[")
            for item in value:
                self._describe(item, out)
            out.append("]")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            kind = type(value)
            names = self._field_names.get(kind)
            if names is None:
                names = self._field_names[kind] = tuple(item.name for item in dataclasses.fields(value))
            out.append(kind.__name__)
            for name in names:
                self._describe(getattr(value, name), out)
        else:
            raise _Unkeyed

    def _described_list(self, value: list | tuple) -> str:
        """A long list (all people of the A–Z pages, a group's members) is handed to many pages: it is
        described once. The catalog's lists are not changed while pages are made."""
        found = self._lists.get(id(value))
        if found is None or found[0] is not value:
            inner: list[str] = []
            shown, self._shown = self._shown, set()
            try:
                for item in value:
                    self._describe(item, inner)
            finally:
                shown, self._shown = self._shown, shown
            found = self._lists[id(value)] = (value, f"L{len(value)}:{digest_of(inner)}", frozenset(shown))
        self._shown.update(found[2])
        return found[1]

    def page_key(self, template: str, page_url: str, context: dict[str, Any]) -> tuple[str, list[str]]:
        """Everything a page is made from besides what all pages share (global_key): its template, address
        and the values handed to it, entries by fingerprint; '' when a value cannot be described. With it, the
        keys of the entries described."""
        out = [self.global_key, template, page_url]
        self._shown = set()
        try:
            self._describe(context, out)
        except _Unkeyed:
            return "", []
        return digest_of(out), sorted(self._shown)

    def render(self, template: str, page_url: str, **context: Any) -> str:
        if self.remembered is not None:
            if self.standing is not None and (last := self.standing(routes.doc_path(page_url))) is not None:
                self.keys[page_url] = (last[0], last[3])
                return REUSED
            key, _ = self.keys[page_url] = self.page_key(template, page_url, context)
            last = self.remembered.get(routes.doc_path(page_url))
            if key and last and last[0] == key:
                return REUSED
        base = {
            "photo": self.site.photo, "portrait": self.site.portrait, "avatar": self.avatar,
            "share": self.share_links(page_url),
            "L": self.site.labels, "routes": routes, "link": lambda url: routes.relative(page_url, url),
            "url_of": routes.entry_url, "group_url": routes.group_url, "collection_url": routes.collection_url,
            "term": self.catalog.term, "term_extra": self.term_extra, "kind_label": self.catalog.kind_label,
            "subtitle": self.catalog.subtitle, "site_name": self.site.project.site_name,
            "organisation": self.site.project.organisation,
        }
        return self.env.get_template(template).render(**base, **context)

    def card_image(self, key: str | None, title: str = "") -> dict[str, Any] | None:
        """The theme's `image` for a page: the card of `key`, or of a page titled `title`, or the site's."""
        media = self.site.media
        card = (media.cards.get(key) if key else None) or media.cards.get(media.titled.get(title, SITE_CARD)) \
            or media.cards.get(SITE_CARD)
        if card is None:
            return None
        return {"url": card.url, "width": card.width, "height": card.height, "type": card.media_type}

    def status_note(self, entry: Entry) -> str:
        """Shown on a page published only in preview: a draft, or an entry dated in the future."""
        reason = publication_status(entry, self.site.project.today, preview=False)
        labels = self.site.labels["preview"]
        if reason is None:
            return ""
        if entry.draft:
            return labels["draft"]
        return f"{labels['future']} {vn_date(entry.date)}."

    def page_meta(self, title: str, description: str, entry: Entry | None, hide_toc: bool = False,
                  source: str = "", card: str | None = None) -> dict[str, Any]:
        """Front matter. `dienhinh.html` marks a body of pure HTML that needs no Markdown conversion;
        `image` is the page's social card and `feeds` its feed links, for the theme's head. The card is
        `card` (a key of media.cards: an entry key or a page URL), else the entry's, else the one drawn
        for a page of this title, else the site's."""
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
        if image := self.card_image(card or (entry.key if entry is not None else None), title):
            info["image"] = image
        feeds = list(self.site.feed_links)
        if isinstance(entry, Movement):
            feeds += self.site.movement_feed_links(entry)
        if feeds:
            info["feeds"] = [{"title": label, "href": href,
                              "type": "application/atom+xml" if href.endswith("atom.xml") else "application/rss+xml"}
                             for label, href in feeds]
        return meta
