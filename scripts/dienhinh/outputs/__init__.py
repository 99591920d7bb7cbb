"""The outputs stage: everything written besides the rendered pages, into the staging folder.

Each output is a plain function of the site and the output folder, returning an OutputReport.
They are written before the staging folder replaces the published site, so a failing output
fails the build safely: most after the renderer, those of ALONGSIDE while it renders. A new
output is added to OUTPUTS, the one registry.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

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

# Made from the catalog and the entries' bodies, never from a rendered page, each in its own part of the folder:
# in an edit build they are written by a second process while the pages are made and rendered (a third of a
# one-entry edit's build at 10,000 entries). A first build writes them in their turn: a fresh search index is
# the build's memory peak and runs with nothing else.
ALONGSIDE: tuple[Output, ...] = (publish_media, write_open_data, write_index)

# In the order they run: the PDFs are made from the rendered print pages and the copied assets, and the sitemap
# lists the pages every other output left in the folder.
OUTPUTS: tuple[Output, ...] = (write_feeds, write_redirects, write_form_editor, *ALONGSIDE, honour_pdfs, write_sitemap)


@contextmanager
def begun(site: SiteContext, output_dir: Path, progress: Progress) -> Iterator[Callable[[], list[OutputReport]]]:
    """Start the outputs of ALONGSIDE in a second process when the last build's search index is kept; yields
    the function that writes the others once the pages are rendered and returns every report, in OUTPUTS
    order. Leaving the block first stops the second process (a failed build)."""
    workers = site.project.workers if index_kept(site) else 1

    def alongside() -> list[OutputReport]:
        return [output(site, output_dir, progress) for output in ALONGSIDE]

    with in_background(alongside, workers) as written_alongside:
        def rest() -> list[OutputReport]:
            reports = []
            for output in OUTPUTS:
                if output is ALONGSIDE[0]:
                    made = written_alongside()
                elif output not in ALONGSIDE:
                    made = [output(site, output_dir, progress)]
                else:
                    continue
                for report in made:
                    progress.stage(report.name, report.detail or str(report.count))
                    reports.append(report)
            return reports

        yield rest


def write_outputs(site: SiteContext, output_dir: Path, progress: Progress) -> list[OutputReport]:
    """Every output, after the pages were rendered (the MkDocs plugin's way)."""
    with begun(site, output_dir, progress) as rest:
        return rest()
