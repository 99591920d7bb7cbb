"""Where everything lives on the site: the one URL scheme pages, feeds and sitemaps share.

URLs are directory-style and ASCII ("mo-hinh/che-bien-che/"). Links inside
generated pages are made relative to the page, so the site works under any
sub-path of `site_url`.
"""

from __future__ import annotations

import re

HOME = ""
# Where each collection's entries live; information pages sit at the top level.
COLLECTIONS = {"movements": "phong-trao", "models": "mo-hinh", "people": "ca-nhan", "pages": "",
               "honours": "vinh-danh"}
FIELDS, LOCALITIES, YEARS = "linh-vuc", "dia-ban", "nam"
HONOURS = COLLECTIONS["honours"]
PAGE = "trang"
SEARCH = "tim-kiem/"
SEARCH_INDEX = "tim-kiem/chi-muc/"  # the search output writes it, the search page reads it
STATISTICS = "thong-ke/"
OPEN_DATA = "du-lieu/"
FEEDS = "nguon-tin/"
PHOTOS = "anh/"  # processed photos, by content digest
CARDS = "anh/the/"  # social cards
ADMIN = "admin/"  # the form editor
GUIDE = "huong-dan-bien-tap/"  # the staff guide (content/pages/huong-dan-bien-tap.md): problem links, footer
# Top-level paths generated pages use; an information page may not take one of them.
RESERVED = {prefix for prefix in COLLECTIONS.values() if prefix} | {
    FIELDS, LOCALITIES, YEARS, "assets", "search", "media", "404",
    *(url.split("/")[0] for url in (SEARCH, STATISTICS, OPEN_DATA, FEEDS, PHOTOS, ADMIN))}
_FILE = re.compile(r"\.[A-Za-z0-9]+$")


def entry_url(entry) -> str:
    """Any entry: its `collection` and `id` say where it lives."""
    prefix = COLLECTIONS[entry.collection]
    return f"{prefix}/{entry.id}/" if prefix else f"{entry.id}/"


def collection_url(collection: str, page: int = 1) -> str:
    return paged(f"{COLLECTIONS[collection]}/", page)


def group_url(group: str, key: str | None = None, page: int = 1) -> str:
    base = f"{group}/" if key is None else f"{group}/{key}/"
    return paged(base, page)


def honours_url() -> str:
    return f"{HONOURS}/"


def honour_print_url(roll) -> str:
    """The roll's A4 print layout (what the PDF is made from)."""
    return f"{entry_url(roll)}ban-in/"


def honour_board_url(roll) -> str:
    """The roll's photo board (bảng vinh danh), landscape."""
    return f"{entry_url(roll)}bang-vinh-danh/"


def honour_pdf_url(roll) -> str:
    return f"{entry_url(roll)}{roll.id}.pdf"


def paged(base: str, page: int) -> str:
    return base if page <= 1 else f"{base}{PAGE}/{page}/"


def doc_path(url: str) -> str:
    """The Markdown file MkDocs turns into `url` (directory URLs): 'a/b/' → 'a/b/index.md'."""
    return f"{url}index.md" if url else "index.md"


def relative(from_url: str, to_url: str) -> str:
    """Link from one page to another, both site-relative directory URLs; a '#fragment' is kept.

    Done on path segments rather than with posixpath.relpath, which resolves both against the
    working directory: this runs for every link of every page."""
    to_url, hash_mark, fragment = (to_url or "").partition("#")
    if hash_mark and to_url == from_url:
        return "#" + fragment
    source = [part for part in (from_url or "").split("/") if part]
    target = [part for part in to_url.split("/") if part]
    common = 0
    while common < len(source) and common < len(target) and source[common] == target[common]:
        common += 1
    path = "/".join([".."] * (len(source) - common) + target[common:])
    if not path:
        path = "./"
    elif not _FILE.search(target[-1] if target else ""):
        path += "/"
    return path + hash_mark + fragment


def absolute(base_url: str, url: str) -> str:
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def feed_folder(*parts: str) -> str:
    """Folder of one pair of feeds (rss.xml, atom.xml): the site's, a collection's or a movement's."""
    return FEEDS + "".join(f"{part}/" for part in parts)


def movement_feed_folder(movement) -> str:
    return feed_folder(COLLECTIONS["movements"], movement.id)
