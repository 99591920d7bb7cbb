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

from .pages import GeneratedPage, SiteContext
from .progress import Progress


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
    from .honour_pdf import honour_pdfs

    return [honour_pdfs]


def registered_page_providers() -> list[PageProvider]:
    """Modules that add pages. Add a new provider here."""
    from .honour_pages import honour_pages
    from .static_pages import static_pages

    return [static_pages, honour_pages]


def run_outputs(site: SiteContext, output_dir: Path, progress: Progress) -> list[OutputReport]:
    reports = []
    for output in registered_outputs():
        report = output(site, output_dir, progress)
        progress.stage(report.name, report.detail or str(report.count))
        reports.append(report)
    return reports
