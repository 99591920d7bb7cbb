"""The media stage: photos processed and social cards drawn into the cache, before pages are generated,
so every page knows its photos' renditions and its Open Graph image."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..content.catalog import Catalog
from ..problems import Problems
from ..progress import Progress
from ..project import Project
from .cards import Card, render_cards
from .photos import PhotoLibrary, ProcessedPhoto, build_library
from .sharing import card_plan


@dataclass(frozen=True)
class Media:
    photos: PhotoLibrary | None = None
    cards: dict[str, Card] = field(default_factory=dict)  # entry key, page URL or cards.SITE_CARD → card
    titled: dict[str, str] = field(default_factory=dict)  # page title → card key, for providers naming no card

    def photo(self, photo: Any) -> ProcessedPhoto | None:
        return self.photos.get(photo) if self.photos is not None and photo is not None else None


def prepare_media(project: Project, catalog: Catalog, problems: Problems, progress: Progress) -> Media:
    cache = project.cache_dir / "images"
    library = build_library(catalog, project.root, cache, problems, progress, project.workers)
    plan = card_plan(project, catalog, library)
    cards = render_cards(plan.specs, cache, progress, project.workers)
    return Media(library, cards, plan.titled)
