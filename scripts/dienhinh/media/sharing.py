"""How pages look when shared: which social card each page gets, and the media stage that makes them.

Runs before pages are generated, so every page knows its Open Graph image,
its size and its photos' renditions. Feeds use the same cards as enclosures.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from . import photos as images
from ..text.collation import initials
from ..content.entries import Person
from ..pages.generate import PageRenderer, SiteContext
from ..problems import Problems
from ..progress import Progress
from .cards import SITE_CARD, Card, CardSpec, render_cards


def _specs(site: SiteContext, library: images.PhotoLibrary) -> dict[str, CardSpec]:
    organisation = site.project.organisation
    common = {
        "organisation": organisation.get("name", site.project.site_name),
        "parent": organisation.get("parent", ""),
        "footer": urlsplit(site.project.site_url).netloc or site.project.site_name,
    }
    renderer = PageRenderer(site)
    labels = site.labels
    specs = {SITE_CARD: CardSpec(kicker="", title=site.project.site_name, subtitle=organisation.get("tagline", ""),
                                 **common)}
    catalog = site.catalog
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
            kicker=renderer.kind_label(entry), title=entry.title, subtitle=renderer.subtitle(entry),
            movement=movements[0].title if movements else "",
            photo=str(library.cache_dir / photo.largest().url.removeprefix(f"{images.URL_PREFIX}/")) if photo else "",
            initials=initials(entry.title) if person_avatar else "",
            colour=images.avatar_colour(entry.key) if person_avatar else "", **common)
    return specs


def prepare_media(site: SiteContext, problems: Problems, progress: Progress) -> None:
    """Process photos and draw cards into the cache; attach them to the site for pages and feeds."""
    cache = site.project.cache_dir / "images"
    library = images.build_library(site.catalog, site.project.root, cache, problems, progress)
    site.photos = library
    site.cards = render_cards(_specs(site, library), cache, progress)


def publish_media(site: SiteContext, output_dir: Path, progress: Progress):
    from ..outputs import OutputReport

    files = site.photos.files() if site.photos else []
    cache = site.project.cache_dir / "images"
    count = images.copy_into(files, cache, output_dir)
    count += images.copy_into([card.path for card in {c.url: c for c in site.cards.values()}.values()],
                              cache, output_dir)
    return OutputReport("Chép ảnh và thẻ chia sẻ", count, f"{count} tệp ảnh")
