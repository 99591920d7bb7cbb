"""Staff Markdown → safe HTML, the same HTML for pages and feeds.

Entries are written in a web editor by many hands; raw HTML in them is
untrusted. We render the Markdown ourselves and pass it through an allow-list
sanitiser (Ammonia, via nh3), so no script, event handler or javascript: link
reaches the public site or the Facebook feed.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

import markdown
import nh3

_EXTENSIONS = ["tables", "sane_lists", "footnotes", "def_list", "abbr"]
_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "a", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite", "abbr",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "code", "pre", "figure", "figcaption", "div", "span",
}
_ATTRIBUTES = {
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


def _demote(match: re.Match) -> str:
    """The page has one h1 (the entry's title); staff headings start at h2."""
    level = min(int(match.group(2)) + 1, 6)
    return f"<{match.group(1)}h{level}"


def render(text: str) -> str:
    """Markdown to sanitised HTML."""
    if not text.strip():
        return ""
    _renderer.reset()
    html = _renderer.convert(text)
    html = _HEADING.sub(_demote, html)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def absolutise(html: str, page_url: str) -> str:
    """Make every link absolute, as feed readers and Facebook require."""
    return _HREF.sub(lambda m: f'{m.group(1)}="{urljoin(page_url, m.group(2))}"', html)


def plain(html: str) -> str:
    """Text of an HTML fragment, for summaries and search."""
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
