"""Processed photos and social cards, hard-linked from the cache into the output folder."""

from __future__ import annotations

from pathlib import Path

from ..media.photos import copy_into
from ..pages.context import SiteContext
from ..progress import Progress, number
from .report import OutputReport


def publish_media(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    media = site.media
    files = media.photos.files() if media.photos else []
    cache = site.project.cache_dir / "images"
    count = copy_into(files, cache, output_dir)
    count += copy_into([card.path for card in {c.url: c for c in media.cards.values()}.values()], cache, output_dir)
    return OutputReport("Chép ảnh và thẻ chia sẻ", count, f"{number(count)} tệp ảnh")
