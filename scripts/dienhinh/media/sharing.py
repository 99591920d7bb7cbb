"""How pages look when shared: what each page's social card says. Feeds use the same cards as enclosures.

Every kind of page with something of its own to say has its own card: entries and movements, honour
rolls (their web page, print view and board), the listings (movements, models, people A–Z, each
field, locality and year, and their indexes), the honour-roll index, statistics, search, open data and
the staff-written pages. The home page has the site's card, and a listing's later pages share its
first page's. Cards are keyed by entry key, or by page URL for pages that are no entry. Text-only cards
are palette PNGs drawn like an entry's card without its photo panel, so they cost no more to draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import routes
from ..content.catalog import Catalog
from ..content.entries import Entry, HonourRoll, Model, Person
from ..content.honours import count_text, decision_reference, formal_date
from ..progress import number
from ..project import Project
from ..text.collation import initials
from .cards import SITE_CARD, CardSpec
from .photos import PhotoLibrary, avatar_colour

# The browsable groups, as the pages stage lists them: URL folder → (entry attribute, vocabulary, label key).
GROUPS = {routes.FIELDS: ("field", "fields", "fields"), routes.LOCALITIES: ("locality", "localities", "localities"),
          routes.YEARS: ("year", "", "years")}


@dataclass
class CardPlan:
    """Card key → what it says, and for pages whose provider names no card, their title → card key."""

    specs: dict[str, CardSpec] = field(default_factory=dict)
    titled: dict[str, str] = field(default_factory=dict)


def card_plan(project: Project, catalog: Catalog, library: PhotoLibrary) -> CardPlan:
    organisation = project.organisation
    common = {
        "organisation": organisation.get("name", project.site_name),
        "parent": organisation.get("parent", ""),
        "footer": urlsplit(project.site_url).netloc or project.site_name,
    }
    labels = catalog.vocabularies.labels
    plan = CardPlan()
    specs = plan.specs
    specs[SITE_CARD] = CardSpec(kicker="", title=project.site_name, subtitle=organisation.get("tagline", ""), **common)
    for movement in catalog.movements.values():
        specs[movement.key] = CardSpec(kicker=labels["kinds"]["movements"], title=movement.title,
                                       subtitle=movement.target, **common)
    photos = f"{library.cache_dir}/"  # joined as text: a Path per entry was a third of the plan
    for entry in catalog.exemplars():
        movements = catalog.movements_of(entry)
        photo = None
        if isinstance(entry, Person):
            photo = library.get(entry.photo) if entry.photo_public else None
        elif getattr(entry, "photos", None):
            photo = library.get(entry.photos[0])
        person_avatar = isinstance(entry, Person) and photo is None
        specs[entry.key] = CardSpec(
            kicker=catalog.kind_label(entry), title=entry.title, subtitle=catalog.subtitle(entry),
            movement=movements[0].title if movements else "",
            photo=f"{photos}{photo.largest().url.removeprefix(routes.PHOTOS)}" if photo else "",
            initials=initials(entry.title) if person_avatar else "",
            colour=avatar_colour(entry.key) if person_avatar else "", **common)
    for roll in catalog.honours.values():
        specs[roll.key] = _roll_card(catalog, roll, common)
    _listing_cards(catalog, specs, common)
    _other_pages(catalog, plan, common)
    return plan


def _roll_card(catalog: Catalog, roll: HonourRoll, common: dict[str, str]) -> CardSpec:
    """The roll's kind, its title, the document it goes with ("Quyết định số … ngày …") and how many it names."""
    labels = catalog.vocabularies.labels["honours"]
    issuer = catalog.term("issuers", roll.issuer) if roll.issuer else ""
    if roll.decision is not None:
        subtitle = f"{decision_reference(roll.decision, labels)} {formal_date(roll.decision.date)}"
        if issuer:
            subtitle = f"{subtitle} {labels['of']} {issuer}"
    else:
        subtitle = issuer
    return CardSpec(kicker=labels["roll_kinds"].get(roll.kind, labels["section"]), title=roll.title,
                    subtitle=subtitle, movement=count_text(roll, labels, number), **common)


def _count(entries: list[Entry], numbers: dict[str, str]) -> str:
    """'5 mô hình, sáng kiến, tập thể · 7 gương cá nhân', leaving out a kind the list has none of."""
    models = sum(isinstance(e, Model) for e in entries)
    people = sum(isinstance(e, Person) for e in entries)
    parts = [f"{number(n)} {numbers[kind]}" for kind, n in (("models", models), ("people", people)) if n]
    return " · ".join(parts)


def _listing_cards(catalog: Catalog, specs: dict[str, CardSpec], common: dict[str, str]) -> None:
    """The listings' cards, keyed by each listing's first page URL; later pages share it."""
    labels = catalog.vocabularies.labels
    sections, numbers, words = labels["sections"], labels["numbers"], labels["cards"]["groups"]
    specs[routes.collection_url("movements")] = CardSpec(
        kicker="", title=sections["movements"],
        subtitle=f"{number(len(catalog.movements))} {numbers['movements']}", **common)
    specs[routes.collection_url("models")] = CardSpec(
        kicker="", title=sections["models"], subtitle=f"{number(len(catalog.models))} {numbers['models']}", **common)
    specs[routes.collection_url("people")] = CardSpec(
        kicker="", title=sections["people_az"], subtitle=f"{number(len(catalog.people))} {numbers['people']}",
        **common)
    for group, (attribute, vocabulary, label) in GROUPS.items():
        groups = catalog.group_by(attribute)
        specs[routes.group_url(group)] = CardSpec(kicker="", title=sections[label],
                                                  subtitle=f"{number(len(groups))} {words[label]}", **common)
        for key, entries in groups.items():
            title = catalog.term(vocabulary, key) if vocabulary else key
            specs[routes.group_url(group, key)] = CardSpec(kicker=sections[label], title=title,
                                                           subtitle=_count(entries, numbers), **common)
    honours = labels["honours"]
    specs[routes.honours_url()] = CardSpec(
        kicker="", title=honours["index_title"],
        subtitle=f"{number(len(catalog.honours))} {labels['cards']['rolls']}", **common)


def _other_pages(catalog: Catalog, plan: CardPlan, common: dict[str, str]) -> None:
    """Statistics, search, open data and staff-written pages: their providers ask for a card by page title."""
    labels = catalog.vocabularies.labels
    totals = labels["statistics"]["totals"]
    counts = " · ".join(f"{number(n)} {totals[kind]}" for kind, n in (
        ("movements", len(catalog.movements)), ("models", len(catalog.models)), ("people", len(catalog.people))))
    pages = [(routes.STATISTICS, labels["statistics"]["title"], counts),
             (routes.SEARCH, labels["search"]["title"], labels["search"]["description"]),
             (routes.OPEN_DATA, labels["open_data"]["title"], labels["open_data"]["description"])]
    pages += [(page.key, page.title, page.summary) for page in catalog.pages.values()]
    for key, title, subtitle in pages:
        plan.specs[key] = CardSpec(kicker="", title=title, subtitle=subtitle, **common)
        plan.titled.setdefault(title, key)
