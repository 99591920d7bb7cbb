"""sitemap.xml with the dates of the content (not of the build), and robots.txt.

MkDocs writes a sitemap whose every date is the build date; search engines
then re-crawl everything daily. We replace it with each page's real date.
"""

from __future__ import annotations

import gzip
import os
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from .. import routes
from ..pages.context import SiteContext
from ..progress import Progress, number
from .report import OutputReport

NOT_INDEXED = (routes.ADMIN,)  # the form editor: for staff, not for search engines


def page_dates(site: SiteContext, urls: set[str]) -> dict[str, date | None]:
    """Entries: their own date. Movements: their newest member's. Other pages: the newest content date."""
    catalog = site.catalog
    newest = max((e.date for e in catalog.exemplars() if e.date), default=None)
    dates: dict[str, date | None] = {url: newest for url in urls}
    for entry in catalog.exemplars():
        dates[routes.entry_url(entry)] = entry.date
    for movement in catalog.movements.values():
        members = [*catalog.movement_models.get(movement.id, []), *catalog.movement_people.get(movement.id, [])]
        dates[routes.entry_url(movement)] = max([e.date for e in members if e.date] + [movement.date or date.min])
    for page in catalog.pages.values():
        dates[routes.entry_url(page)] = None
    return dates


NO_PAGES = (routes.PHOTOS, routes.SEARCH_INDEX)  # files only: half the site's files at 10,000 entries, not walked


def _page_urls(output_dir: Path) -> set[str]:
    """The address of every folder holding an index.html, except in the folders not indexed or holding no pages.
    A scandir walk that asks nothing but each entry's type: os.walk took twice as long over 11,000 folders."""
    skipped = {prefix.rstrip("/") for prefix in (*NO_PAGES, *NOT_INDEXED)}
    urls = set()
    pending = [("", str(output_dir))]
    while pending:
        url, folder = pending.pop()
        with os.scandir(folder) as entries:
            for item in entries:
                if item.is_dir(follow_symlinks=False):
                    if f"{url}{item.name}" not in skipped:
                        pending.append((f"{url}{item.name}/", item.path))
                elif item.name == "index.html":
                    urls.add(url)
    return urls


def write_sitemap(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    urls = _page_urls(output_dir)
    redirects = {routes.entry_url(type(e)(collection=c, id=old, path=""))
                 for c, aliases in site.catalog.aliases.items() for old, current in aliases.items()
                 for e in [site.catalog.collection(c).get(current)] if e is not None}
    urls -= redirects
    dates = page_dates(site, urls)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in sorted(urls):
        lines.append(f"  <url><loc>{escape(routes.absolute(site.project.base_url, url))}</loc>"
                     + (f"<lastmod>{dates[url].isoformat()}</lastmod>" if dates.get(url) and dates[url] != date.min else "")
                     + "</url>")
    lines.append("</urlset>\n")
    xml = "\n".join(lines)
    (output_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    (output_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), compresslevel=6, mtime=0))
    (output_dir / "robots.txt").write_text(
        "User-agent: *\nAllow: /\n"
        + "".join(f"Disallow: {routes.absolute(urlsplit(site.project.base_url).path or '/', path)}\n"
                  for path in NOT_INDEXED)
        + f"Sitemap: {routes.absolute(site.project.base_url, 'sitemap.xml')}\n", encoding="utf-8")
    return OutputReport("Sơ đồ trang (sitemap.xml, robots.txt)", len(urls), f"{number(len(urls))} địa chỉ")
