"""Everything written besides the HTML pages: the registry of outputs and extra pages.

Each output is a plain function of the site and the (staging) output folder:
feeds, photos and social cards, honour-roll PDFs, the search index, open data.
They run after MkDocs has rendered the pages and before the staging folder
replaces the published site, so a failing output fails the build safely.
Extra page providers add generated pages (honour rolls, statistics) to the
same pipeline as entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..pages.generate import GeneratedPage, SiteContext
from ..progress import Progress


@dataclass
class OutputReport:
    name: str
    count: int
    detail: str = ""
    feeds: int = 0


Output = Callable[[SiteContext, Path, Progress], OutputReport]
PageProvider = Callable[[SiteContext], Iterable[GeneratedPage]]


def registered_outputs() -> list[Output]:
    """In the order they run. Add a new output here."""
    from .feeds import write_feeds
    from .form_editor import write_form_editor
    from .honour_pdf import honour_pdfs
    from .open_data import write_open_data
    from .redirects import write_redirects
    from .search import write_index
    from ..media.sharing import publish_media
    from .sitemap import write_sitemap

    return [publish_media, write_feeds, write_redirects, write_open_data, write_form_editor, honour_pdfs,
            write_index, write_sitemap]


def registered_page_providers() -> list[PageProvider]:
    """Modules that add pages. Add a new provider here."""
    from ..pages.honour_pages import honour_pages
    from .open_data import open_data_page
    from .search import search_page
    from ..pages.statistics import statistics_page
    from ..pages.static_pages import static_pages

    return [static_pages, search_page, statistics_page, open_data_page, honour_pages]


def run_outputs(site: SiteContext, output_dir: Path, progress: Progress) -> list[OutputReport]:
    reports = []
    for output in registered_outputs():
        report = output(site, output_dir, progress)
        progress.stage(report.name, report.detail or str(report.count))
        reports.append(report)
    return reports
