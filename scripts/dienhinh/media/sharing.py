"""How pages look when shared: what each page's social card says. Feeds use the same cards as enclosures."""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import routes
from ..content.catalog import Catalog
from ..content.entries import Person
from ..project import Project
from ..text.collation import initials
from .cards import SITE_CARD, CardSpec
from .photos import PhotoLibrary, avatar_colour


def card_specs(project: Project, catalog: Catalog, library: PhotoLibrary) -> dict[str, CardSpec]:
    organisation = project.organisation
    common = {
        "organisation": organisation.get("name", project.site_name),
        "parent": organisation.get("parent", ""),
        "footer": urlsplit(project.site_url).netloc or project.site_name,
    }
    labels = catalog.vocabularies.labels
    specs = {SITE_CARD: CardSpec(kicker="", title=project.site_name, subtitle=organisation.get("tagline", ""),
                                 **common)}
    for movement in catalog.movements.values():
        specs[movement.key] = CardSpec(kicker=labels["kinds"]["movements"], title=movement.title,
                                       subtitle=movement.target, **common)
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
            photo=str(library.cache_dir / photo.largest().url.removeprefix(routes.PHOTOS)) if photo else "",
            initials=initials(entry.title) if person_avatar else "",
            colour=avatar_colour(entry.key) if person_avatar else "", **common)
    return specs
