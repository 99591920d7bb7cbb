"""Typed entries: what a validated content file is, free of YAML and of MkDocs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from dataclasses import field as dc_field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from ..text.vietnamese import clean_text
from .frontmatter import line_map


@dataclass(frozen=True)
class Source:
    number: str = ""
    title: str = ""
    date: date | None = None
    issuer: str = ""
    url: str = ""


@dataclass(frozen=True)
class Award:
    form: str
    year: int
    decision: str = ""
    decision_date: date | None = None
    issuer: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Photo:
    file: str
    alt: str
    caption: str = ""
    path: Path | None = None  # resolved inside the content tree


@dataclass(frozen=True)
class Consent:
    photo: bool = False
    biography: bool = False
    date: date | None = None
    document: str = ""


@dataclass
class Entry:
    collection: str
    id: str
    path: str  # as staff see it, relative to the project
    title: str = ""
    summary: str = ""
    date: date | None = None
    draft: bool = False
    withdrawn: bool = False
    featured: bool = False
    uid: str = ""
    sources: list[Source] = dc_field(default_factory=list)
    body_line: int = 1
    lines: dict = dc_field(default_factory=dict, repr=False)
    file: Path | None = None
    text: str | None = dc_field(default=None, repr=False)
    # body_digest(body), taken when the file was checked ('' when it was not): see body_key
    body_digest: str = ""
    fields_digest: str = dc_field(default="", init=False, repr=False, compare=False)  # see digest
    placement_digest: str = dc_field(default="", init=False, repr=False, compare=False)  # see placement

    # Fields that describe the entry without placing it among others: they show on its own page, in its
    # own rows and cards, and decide nothing about which lists and other entries' pages it appears on, or where
    # (a locality or `featured` does: the locality's listing, the home page).
    DESCRIPTIVE: ClassVar[frozenset[str]] = frozenset({"summary", "sources", "body_line", "body_digest"})

    @property
    def digest(self) -> str:
        """Of every field as repr shows it (the body by its digest): what the pages and feeds made from the entry
        are keyed by. Taken when the file is checked and kept with the entry in the validation cache, so an
        unchanged entry is not described again at every build; entries are not changed after loading."""
        if not self.fields_digest:
            self.body_key  # noqa: B018 - fills in body_digest, which repr shows
            self.fields_digest = hashlib.blake2b(repr(self).encode("utf-8", "surrogatepass"),
                                                 digest_size=16).hexdigest()
        return self.fields_digest

    @property
    def placement(self) -> str:
        """Of every field but the DESCRIPTIVE ones: while no entry's placement changes, the catalog's lists and
        links (movements' members, related entries, who took part in what) stay as they were, so an edit to
        one entry's summary or body changes only the pages and rows that show that entry. Kept like digest."""
        if not self.placement_digest:
            placing = [(item.name, getattr(self, item.name)) for item in fields(self)
                       if item.repr and item.name not in self.DESCRIPTIVE]
            self.placement_digest = hashlib.blake2b(repr((type(self).__name__, placing)).encode(
                "utf-8", "surrogatepass"), digest_size=16).hexdigest()
        return self.placement_digest

    @property
    def body_key(self) -> str:
        """What pages, feeds and search find the body's HTML and plain text by: the digest taken when the file
        was checked, so an unchanged entry's file is not read again at every build."""
        if not self.body_digest:
            self.body_digest = body_digest(self.body)
        return self.body_digest

    @property
    def body(self) -> str:
        """The Markdown body, cleaned; read from the file on first use so validation stays light."""
        if self.text is None:
            self.text = read_body(self.file, self.body_line) if self.file else ""
        return self.text

    @cached_property
    def key(self) -> str:
        """Identity across the site: collection and id (asked for millions of times in sorts)."""
        return f"{self.collection}/{self.id}"

    @property
    def stable_id(self) -> str:
        """What feeds and caches call this entry: survives renames when `uid` keeps the old name."""
        return f"{self.collection}/{self.uid or self.id}"

    def line(self, *path) -> int:
        """Line of a key path; line maps are dropped after validation and re-read only when needed."""
        if not self.lines and self.file is not None:
            self.lines = line_map(self.file)
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


@dataclass
class Movement(Entry):
    short_title: str = ""
    launched_by: list[str] = dc_field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    target: str = ""
    status: str = ""


@dataclass
class Model(Entry):
    kind: str = ""
    units: list[str] = dc_field(default_factory=list)
    field: str = ""
    locality: str = ""
    movements: list[str] = dc_field(default_factory=list)
    people: list[str] = dc_field(default_factory=list)
    results: list[str] = dc_field(default_factory=list)
    awards: list[Award] = dc_field(default_factory=list)
    photos: list[Photo] = dc_field(default_factory=list)

    DESCRIPTIVE: ClassVar[frozenset[str]] = Entry.DESCRIPTIVE | {"kind", "units", "results", "awards", "photos"}


@dataclass
class Person(Entry):
    gender: str = ""
    position: str = ""
    unit: str = ""
    field: str = ""
    locality: str = ""
    direct_worker: bool | None = None
    leader: bool | None = None
    movements: list[str] = dc_field(default_factory=list)
    initiatives: list[str] = dc_field(default_factory=list)
    awards: list[Award] = dc_field(default_factory=list)
    photo: Photo | None = None
    consent: Consent = dc_field(default_factory=Consent)

    DESCRIPTIVE: ClassVar[frozenset[str]] = Entry.DESCRIPTIVE | {"gender", "position", "unit", "direct_worker",
                                                                 "leader", "awards", "photo", "consent"}

    @property
    def name(self) -> str:
        return self.title

    @property
    def photo_public(self) -> bool:
        return self.photo is not None and self.consent.photo

    @property
    def biography_public(self) -> bool:
        return self.consent.biography


@dataclass(frozen=True)
class Recipient:
    """One line of an honour roll. `origin`/`line`/`cells` say where staff wrote it, for problems."""

    kind: str
    name: str
    gender: str = ""
    position: str = ""
    unit: str = ""
    award: str = ""
    achievement: str = ""
    note: str = ""
    direct_worker: bool | None = None
    leader: bool | None = None
    person: str = ""
    model: str = ""
    origin: str = dc_field(default="", compare=False)
    line: int = dc_field(default=0, compare=False)
    cells: tuple[tuple[str, str], ...] = dc_field(default=(), compare=False, repr=False)

    @property
    def is_collective(self) -> bool:
        return self.kind == "tap-the"

    def cell(self, field_name: str) -> str:
        """Where a field came from in a spreadsheet ('trang "DS", cột C'), or '' for inline YAML."""
        return dict(self.cells).get(field_name, "")


@dataclass(frozen=True)
class Decision:
    number: str
    date: date
    type: str = ""
    by: str = ""


@dataclass(frozen=True)
class Signer:
    title: str
    name: str
    authority: str = ""


@dataclass(frozen=True)
class Ceremony:
    name: str
    date: date | None = None
    place: str = ""


@dataclass
class HonourRoll(Entry):
    """A list attached to an award decision, or of exemplars named in a document."""

    kind: str = "khen-thuong"
    issuer: str = ""
    number: str = ""
    decision: Decision | None = None
    place: str = ""
    signer: Signer | None = None
    ceremony: Ceremony | None = None
    award: str = ""
    award_wording: str = ""
    distribution: list[str] = dc_field(default_factory=list)
    order: str = "quyet-dinh"
    collectives_first: bool = True
    recipients: list[Recipient] = dc_field(default_factory=list)
    recipients_file: str = ""

    @property
    def year(self) -> int | None:
        """The year the roll is filed under: the decision's, else the ceremony's, else publication."""
        for day in (self.decision.date if self.decision else None,
                    self.ceremony.date if self.ceremony else None, self.date):
            if day:
                return day.year
        return None

    def award_of(self, recipient: Recipient) -> str:
        return recipient.award or self.award

    def where(self, index: int, field_name: str) -> tuple[str, int, str]:
        """(path, line, field) of a recipient's field for a problem: the spreadsheet cell or the YAML line."""
        recipient = self.recipients[index]
        if recipient.cells:
            return recipient.origin, recipient.line, recipient.cell(field_name) or recipient.cell("name")
        return self.path, self.line("recipients", index, field_name), f"recipients[{index}].{field_name}"


@dataclass
class StaticPage(Entry):
    """About, privacy, the editors' guide: staff-written pages outside the listings and feeds."""


def read_body(file: Path, body_line: int) -> str:
    return body_of(file.read_text(encoding="utf-8-sig"), body_line)


def body_of(text: str, body_line: int) -> str:
    """The body of an entry file's text (what Entry.body reads), cleaned."""
    return clean_text("\n".join(text.split("\n")[body_line - 1:])).strip()


EMPTY_BODY = "-"  # the body_digest of a body with no text, which renders to nothing


def body_digest(body: str) -> str:
    """The key of a body's rendered forms."""
    return hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest() if body.strip() else EMPTY_BODY


ENTRY_TYPES: dict[str, type[Entry]] = {"movements": Movement, "models": Model, "people": Person,
                                       "pages": StaticPage, "honours": HonourRoll}
OBJECT_TYPES = {"sources": Source, "awards": Award, "photos": Photo, "photo": Photo, "consent": Consent,
                "recipients": Recipient, "decision": Decision, "signer": Signer, "ceremony": Ceremony}
