"""Staff Markdown → safe HTML, the same HTML for pages and feeds.

Entries are written in a web editor by many hands; raw HTML in them is
untrusted. We render the Markdown ourselves and pass it through an allow-list
sanitiser (Ammonia, via nh3), so no script, event handler or javascript: link
reaches the public site or the Facebook feed.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urljoin

import markdown
import nh3

from ..content.entries import EMPTY_BODY, Entry, body_digest
from ..files import json_in_parts, write_atomically
from ..parallel import ordered_map
from ..text.vietnamese import slugify

_EXTENSIONS = ["tables", "sane_lists", "footnotes", "def_list", "abbr"]
_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "a", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite", "abbr",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "code", "pre", "figure", "figcaption", "div", "span",
}
_ATTRIBUTES = {
    **{f"h{level}": {"id"} for level in range(2, 7)},
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"class"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_HREF = re.compile(r'(href|src)="([^"]*)"')

_renderer = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
_with_toc = markdown.Markdown(extensions=[*_EXTENSIONS, "toc"], output_format="html",
                              extension_configs={"toc": {"slugify": lambda value, _sep: slugify(value)}})


def _outline(html: str) -> str:
    """The page has one h1 (the entry's title), so staff headings start at h2 and never skip a level:
    a body that begins with `##`, or jumps from `#` to `###`, still reads as a clean outline."""
    open_levels: list[tuple[int, int]] = []  # (level as written, level published)
    current = 2

    def renumber(match: re.Match) -> str:
        nonlocal current
        if match.group(1):
            return f"</h{current}"
        written = int(match.group(2))
        while open_levels and open_levels[-1][0] >= written:
            open_levels.pop()
        current = min(open_levels[-1][1] + 1 if open_levels else 2, 6)
        open_levels.append((written, current))
        return f"<h{current}"

    return _HEADING.sub(renumber, html)


VERSION = f"markdown {markdown.__version__}; rules 2"


def _convert(text: str) -> str:
    _renderer.reset()
    return _clean(_renderer.convert(text))


class Bodies:
    """Sanitised HTML of staff Markdown by digest, for one build: pages, feeds and search all ask for
    the same bodies, and a warm build finds them in the project cache (`cache`)."""

    def __init__(self, cache: Path | None = None, workers: int | None = None):
        self.cache = cache
        self.workers = workers
        self.rendered: dict[str, str] = {}

    def html(self, text: str) -> str:
        """Markdown to sanitised HTML."""
        return self._rendered(body_digest(text), lambda: text)

    def of(self, entry: Entry) -> str:
        """An entry's body as sanitised HTML, found by its body_key: the file is read only when that body was
        never rendered."""
        return self._rendered(entry.body_key, lambda: entry.body)

    def _rendered(self, key: str, text: Callable[[], str]) -> str:
        if key == EMPTY_BODY:
            return ""
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = _convert(text())
        return found

    def render_all(self, entries: Iterable[Entry]) -> int:
        """Render every entry body not rendered yet, on all cores, before the stages that need them fork;
        read earlier results from the cache first and save the whole set after. Returns how many
        bodies had to be rendered."""
        if self.cache is not None and not self.rendered:
            try:
                saved = json.loads(self.cache.read_text(encoding="utf-8"))
                if saved.get("version") == VERSION:
                    self.rendered.update(saved["bodies"])
            except (FileNotFoundError, ValueError, KeyError, AttributeError):
                pass
        wanted = {entry.body_key: entry for entry in entries}
        wanted.pop(EMPTY_BODY, None)
        missing = [(key, entry.body) for key, entry in wanted.items() if key not in self.rendered]
        converted = ordered_map(_convert, [text for _key, text in missing], workers=self.workers, even=True)
        for (key, _text), html in zip(missing, converted):
            self.rendered[key] = html
        if self.cache is not None and (missing or set(self.rendered) != set(wanted)):
            kept = {key: self.rendered[key] for key in sorted(wanted)}
            write_atomically(self.cache, json_in_parts({"version": VERSION, "bodies": kept}, "bodies"))
        return len(missing)


def render_with_toc(text: str) -> tuple[str, list[dict]]:
    """Sanitised HTML with heading ids, and the headings (level, id, name) for a table of contents."""
    if not text.strip():
        return "", []
    _with_toc.reset()
    html = _clean(_with_toc.convert(text))
    headings = []

    def walk(tokens: list[dict], level: int = 2) -> None:
        for token in tokens:
            headings.append({"level": min(level, 6), "id": token["id"], "name": plain(token["name"])})
            walk(token["children"], level + 1)

    walk(_with_toc.toc_tokens)  # type: ignore[attr-defined]
    return html, headings


def _clean(html: str) -> str:
    html = _outline(html)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def absolutise(html: str, page_url: str) -> str:
    """Make every link absolute, as feed readers and Facebook require."""
    return _HREF.sub(lambda m: f'{m.group(1)}="{urljoin(page_url, m.group(2))}"', html)


def plain(html: str) -> str:
    """Text of an HTML fragment, for summaries and search."""
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
