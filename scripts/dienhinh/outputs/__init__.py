"""The outputs stage: everything written besides the rendered pages, into the staging folder.

Each output is a plain function of the site and the output folder, returning an OutputReport.
They run after the renderer and before the staging folder replaces the published site, so a
failing output fails the build safely. A new output is added to OUTPUTS, the one registry.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from ..parallel import in_background
from ..pages.context import SiteContext
from ..progress import Progress
from .feeds import write_feeds
from .form_editor import write_form_editor
from .honour_pdf import honour_pdfs
from .media import publish_media
from .open_data import write_open_data
from .redirects import write_redirects
from .report import OutputReport
from .search import index_kept, write_index
from .sitemap import write_sitemap

Output = Callable[[SiteContext, Path, Progress], OutputReport]

# In the order they run: the PDFs are made from the rendered print pages and the copied assets; the index last,
# as it is made alongside the others (ALONGSIDE).
OUTPUTS: tuple[Output, ...] = (publish_media, write_feeds, write_redirects, write_open_data, write_form_editor,
                               honour_pdfs, write_sitemap, write_index)


# Reads only the catalog, writes only its own folder and took a third of a one-entry edit's build at
# 10,000 entries: when it patches the last build's index, it is made by a second process while the others
# are written. Made anew (a first build), it is the build's memory peak and runs alone, in its turn.
ALONGSIDE: Output = write_index


def write_outputs(site: SiteContext, output_dir: Path, progress: Progress) -> list[OutputReport]:
    reports = []
    workers = site.project.workers if index_kept(site) else 1
    with in_background(partial(ALONGSIDE, site, output_dir, progress), workers) as alongside:
        for output in OUTPUTS:
            report = alongside() if output is ALONGSIDE else output(site, output_dir, progress)
            progress.stage(report.name, report.detail or str(report.count))
            reports.append(report)
    return reports
