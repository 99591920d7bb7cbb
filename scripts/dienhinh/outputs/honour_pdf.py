"""Output: each honour roll's print layout as a PDF, made by WeasyPrint from the built print page.

The PDF is made from the same HTML and CSS browsers print, so both agree; the
bundled Liberation Serif is embedded, text is extractable Unicode (NFC), and the
PDF is tagged (a structure tree of headings, tables and lists, in Vietnamese).
WeasyPrint may read only files inside the output folder: nothing is fetched
from the network. A 2,000-name roll takes seconds, so a PDF whose inputs did
not change is copied from the cache folder instead of being made again.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

from .. import routes
from ..pages.context import SiteContext
from ..files import replaced_atomically
from ..parallel import ordered_map
from ..progress import Progress, number
from .report import OutputReport

CACHE = "vinh-danh-pdf"  # inside the project's cache_dir

# A tagged PDF (ISO 32000-1, 14.8): a structure tree made from the HTML (headings, tables with their header cells,
# lists), MarkInfo /Marked true, the document language from <html lang> and the title shown instead of the file
# name, so that a screen reader reads the roll as a document and not as loose text. WeasyPrint's "pdf/ua-1" variant
# makes the same tree and adds only an XMP claim of PDF/UA-1 conformance, which nothing here validates (and the page
# numbers in the top margin are not marked as artifacts), so the PDF does not make that claim. The options are part
# of the cache key: changing them makes every PDF again.
PDF_OPTIONS = {"pdf_tags": True}


def _url_fetcher(root: Path):
    """WeasyPrint may read files inside the output folder and nothing else (no network, no other files)."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    allowed = root.resolve()

    class SiteFiles(URLFetcher):
        def fetch(self, url, headers=None):
            target = Path(unquote(urlsplit(url).path)).resolve()
            if not (target == allowed or allowed in target.parents):
                raise ValueError(f"outside the site folder, not read: {url}")
            return super().fetch(url, headers)

    return SiteFiles(allowed_protocols={"file"})


def _assets_digest(output_dir: Path) -> str:
    """What every PDF depends on besides its HTML: WeasyPrint's version and options, the stylesheets and the fonts."""
    from importlib.metadata import version  # not `import weasyprint`: loading Pango takes a second

    digest = hashlib.sha256(f"{version('weasyprint')} {sorted(PDF_OPTIONS.items())!r}".encode())
    for folder in ("stylesheets", "fonts"):
        path = output_dir / "assets" / folder
        for file in sorted(path.iterdir()) if path.is_dir() else ():
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _make_pdf(context: tuple[Path, Path, str], job: tuple[str, str]) -> tuple[str, int, bool]:
    """(cache key, size of the PDF, whether it came from the cache)."""
    html_path, pdf_path = job
    output_dir, cache, assets = context
    html_file, pdf_file = output_dir / html_path, output_dir / pdf_path
    key = hashlib.sha256(assets.encode() + html_file.read_bytes()).hexdigest()
    cached = cache / f"{key}.pdf"
    if cached.is_file():
        shutil.copyfile(cached, pdf_file)
        return key, pdf_file.stat().st_size, True
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fonts = FontConfiguration()
    try:
        document = HTML(filename=str(html_file), url_fetcher=_url_fetcher(output_dir), media_type="print")
        document.write_pdf(pdf_file, pdf_identifier=key[:32].encode(), font_config=fonts, **PDF_OPTIONS)
    finally:
        # WeasyPrint copies the page's fonts into a temporary folder it removes only when the configuration is
        # garbage-collected, which a forked worker never waits for: 1.5 MB left in /tmp by every PDF made.
        if getattr(fonts, "_folder", None):
            shutil.rmtree(fonts._folder, ignore_errors=True)
    with replaced_atomically(cached) as stream, open(pdf_file, "rb") as made:
        shutil.copyfileobj(made, stream)
    return key, pdf_file.stat().st_size, False


def honour_pdfs(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    rolls = list(site.catalog.honours.values())
    jobs = []
    for roll in rolls:
        html = routes.honour_print_url(roll) + "index.html"
        if (output_dir / html).is_file():
            jobs.append((html, routes.honour_pdf_url(roll)))
    cache = site.project.cache_dir / CACHE
    made, reused, size = 0, 0, 0
    used: set[str] = set()
    context = (output_dir, cache, _assets_digest(output_dir) if jobs else "")
    for done, (key, pdf_size, from_cache) in enumerate(
            ordered_map(_make_pdf, jobs, context, workers=site.project.workers, minimum=2, chunksize=1), start=1):
        used.add(key)
        size += pdf_size
        reused += from_cache
        made += not from_cache
        progress.tick("Tạo PDF danh sách vinh danh", done, len(jobs))
    _prune(cache, used)
    detail = (f"{number(len(jobs))} tệp PDF ({number(made)} tạo mới, {number(reused)} dùng lại), "
              f"{size / 1e6:.1f} MB".replace(".", ","))
    return OutputReport("Danh sách vinh danh (PDF)", len(jobs), detail)


def _prune(cache: Path, used: set[str]) -> None:
    """Keep only the PDFs this build used, so the cache does not grow with every edit."""
    if not cache.is_dir():
        return
    for path in cache.glob("*.pdf"):
        if path.stem not in used:
            path.unlink(missing_ok=True)

