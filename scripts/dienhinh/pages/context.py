"""What every page, feed and file of one build is made from: settings, catalog, media, rendered bodies.

Built once, after the media stage, and not changed afterwards; forked workers inherit it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .. import routes
from ..content.catalog import Catalog
from ..content.entries import Entry, Model, Movement, Person
from ..media import Media
from ..project import Project
from ..text.collation import ALPHABET, initial_letter
from . import markdown_body
from .markdown_body import Bodies

PACKAGE = Path(__file__).parents[1]
_TELEX = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}


def digest_of(parts: list[str]) -> str:
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass
class GeneratedPage:
    url: str
    meta: dict[str, Any]
    body: str


@dataclass(frozen=True)
class SiteContext:
    project: Project
    catalog: Catalog
    media: Media = field(default_factory=Media)
    bodies: Bodies = field(default_factory=Bodies)

    @property
    def labels(self) -> dict[str, Any]:
        return self.catalog.vocabularies.labels

    def photo(self, photo) -> Any:
        return self.media.photos.get(photo) if photo is not None else None

    def portrait(self, entry: Entry) -> Any:
        """The published photo that stands for an entry: a consented portrait, or a model's first photo."""
        if isinstance(entry, Person):
            return self.photo(entry.photo) if entry.photo_public else None
        if isinstance(entry, Model) and entry.photos:
            return self.photo(entry.photos[0])
        return None

    def fingerprint(self, entry: Entry) -> str:
        """A digest of all an entry or roll can show on a page or in a file: its fields and body, and the photos
        and card the media stage made for it (their addresses follow the files' content)."""
        found = self._fingerprints.get(entry.key)
        if found is None:
            media = [self.portrait(entry), self.media.cards.get(entry.key)]
            photo = getattr(entry, "photo", None)
            media.extend([self.photo(photo)] if photo is not None else [])
            media.extend(self.photo(item) for item in getattr(entry, "photos", None) or [])
            found = self._fingerprints[entry.key] = digest_of([entry.digest, repr(media)])
        return found

    @cached_property
    def _fingerprints(self) -> dict[str, str]:
        return {}

    @cached_property
    def global_key(self) -> str:
        """What every page and file depends on besides entries: this package's code and templates, the
        vocabularies and labels (content/data/), the site's settings and the day (drafts, future dates), and the
        versions of the Markdown, sanitising and template libraries."""
        hasher = hashlib.blake2b(digest_size=16)
        for path in sorted([*PACKAGE.rglob("*.py"), *(PACKAGE / "templates").rglob("*"),
                            *self.project.data_dir.glob("*")]):
            if path.is_file():
                hasher.update(f"{path.relative_to(path.anchor)}\x00".encode("utf-8", "surrogatepass"))
                hasher.update(path.read_bytes())
        project = self.project
        # the vocabularies as loaded (a data file saved during the build is read again by the next one), and
        # the libraries that turn bodies and templates into HTML
        hasher.update(repr((project.site_name, project.site_url, project.organisation, project.options,
                            project.preview, project.today, self.catalog.vocabularies, markdown_body.VERSION,
                            version("nh3"), version("jinja2"))).encode("utf-8", "surrogatepass"))
        return hasher.hexdigest()

    @cached_property
    def structure(self) -> str:
        """A digest of how the catalog's entries stand to each other: each model's and person's placement
        (Entry.placement), every movement, static page and roll whole, the hidden entries, old names, feeds, and
        the cards of pages that are not entries.
        While it and global_key are the last build's, what an entry's page or row shows of others is made of
        the same entries in the same order, so only those showing an entry whose fingerprint changed differ."""
        catalog = self.catalog
        parts = [f"{entry.key}\x01{entry.placement}" for entry in catalog.exemplars()]
        parts += [f"{entry.key}\x01{entry.digest}" for entry in [*catalog.movements.values(), *catalog.pages.values(),
                                                                 *catalog.honours.values()]]
        parts.sort()
        entries = {entry.key for entry in [*catalog.entries(), *catalog.honours.values()]}
        parts += [repr(sorted(catalog.hidden.items())), repr(catalog.aliases), repr(self.feed_links),
                  repr(sorted((key, card) for key, card in self.media.cards.items() if key not in entries))]
        return digest_of(parts)

    @cached_property
    def catalog_state(self) -> dict[str, Any]:
        """What a cache made from the catalog keeps to tell, next build, what changed since (changed_since)."""
        entries = [*self.catalog.entries(), *self.catalog.honours.values()]
        return {"global": self.global_key, "structure": self.structure,
                "fingerprints": {entry.key: self.fingerprint(entry) for entry in entries}}

    def structure_holds(self, then: Any) -> bool:
        """Whether a cache's catalog_state was taken with this build's shared key and structure."""
        return isinstance(then, dict) and then.get("global") == self.global_key and \
            then.get("structure") == self.structure

    def changed_since(self, then: Any) -> set[str] | None:
        """The keys of the entries and rolls whose fingerprint is not as in `then` (a catalog_state kept by a
        cache); None when the structure does not hold, and everything the cache holds is to be made again."""
        if not self.structure_holds(then) or not isinstance(then.get("fingerprints"), dict):
            return None
        old, now = then["fingerprints"], self.catalog_state["fingerprints"]
        return {key for key, fingerprint in now.items() if old.get(key) != fingerprint}

    @cached_property
    def feed_links(self) -> list[tuple[str, str]]:
        """The site's feeds, as (label, site-relative URL), for every page's head and the home page."""
        labels, folder = self.labels["feeds"], routes.feed_folder()
        return [(labels["rss"], f"{folder}rss.xml"), (labels["atom"], f"{folder}atom.xml")]

    def movement_feed_links(self, movement: Movement) -> list[tuple[str, str]]:
        labels, folder = self.labels["feeds"], routes.movement_feed_folder(movement)
        return [(labels["movement_rss"], f"{folder}rss.xml"), (labels["movement_atom"], f"{folder}atom.xml")]

    @cached_property
    def people_order(self) -> list[Person]:
        return self.catalog.people_by_name()

    @cached_property
    def people_letters(self) -> tuple[dict[str, str], list[tuple[str, str]]]:
        """Each person's index letter and the letter bar (letter → first page of the A–Z index holding it)."""
        size = self.project.page_size
        base = routes.collection_url("people")
        letter_of: dict[str, str] = {}
        first_page: dict[str, int] = {}
        for index, person in enumerate(self.people_order):
            words = person.name.split()
            letter = letter_of[person.key] = initial_letter(words[-1] if words else person.name)
            first_page.setdefault(letter, index // size + 1)
        letters = [(letter, routes.paged(base, number) + "#" + letter_anchor(letter))
                   for letter, number in sorted(first_page.items(), key=lambda kv: _letter_order(kv[0]))]
        return letter_of, letters


def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def letter_anchor(letter: str) -> str:
    low = letter.lower()
    return "chu-" + _TELEX.get(low, low if low.isascii() and low.isalnum() else "khac")


def _letter_order(letter: str) -> int:
    low = letter.lower()
    return ALPHABET.index(low) if low in ALPHABET else len(ALPHABET)
