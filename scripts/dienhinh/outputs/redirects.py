"""Pages at the old address of a renamed entry (kept in `uid:`), pointing to the new one.

Links already shared on Facebook or Zalo keep working after staff rename a file.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from .. import routes
from ..content.entries import Entry
from ..pages.context import SiteContext
from ..progress import Progress, number
from .report import OutputReport


def _page(target: str, title: str, moved: str) -> str:
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<link rel="canonical" href="{escape(target)}"><meta name="robots" content="noindex">'
            f'<meta http-equiv="refresh" content="0; url={escape(target)}"></head>'
            f'<body><p>{escape(moved)} <a href="{escape(target)}">{escape(title)}</a>.</p></body></html>\n')


def write_redirects(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    count = 0
    for collection, aliases in site.catalog.aliases.items():
        entries = site.catalog.collection(collection)
        for old, current in aliases.items():
            entry: Entry | None = entries.get(current)
            if entry is None:
                continue
            old_url = routes.entry_url(type(entry)(collection=collection, id=old, path=""))
            target = output_dir / routes.doc_path(old_url).replace("index.md", "index.html")
            if target.exists() or not target.resolve().is_relative_to(output_dir.resolve()):
                continue  # uid is validated as a file name; this guards the output folder regardless
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_page(routes.absolute(site.project.base_url, routes.entry_url(entry)), entry.title,
                                    site.labels["redirect"]), encoding="utf-8")
            count += 1
    return OutputReport("Chuyển hướng địa chỉ cũ", count, f"{number(count)} trang chuyển hướng")
