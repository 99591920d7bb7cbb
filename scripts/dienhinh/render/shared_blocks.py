"""The theme's header, tab bar and footer, rendered once for all the pages they come out the same on.

Those blocks were a fifth of rendering a page, yet on the 10,000 entry pages of a site they differ only by the
relative links in them (shared, the render stage of a first build at 10,000 entries took 10.1 and 10.6 s
against 11.7 and 12.9 s, runs taken in turn). What they may differ by is read off the templates themselves:
a block is shared only when, through everything it includes and imports, it reads nothing of the page but its
table of contents, its previous and next pages and which parts it hides; the page's own folder gives its
relative links. A page is then given the block rendered for an earlier page when

- their own folders lie side by side in one folder (MkDocs writes every link relative to the page's folder,
  so such pages get the same links) and neither page's folder holds a page the block links to (that link
  would be written from inside: "./" rather than "../x/");
- the same items of the navigation are active, and both hide the same parts;
- neither has a table of contents nor a previous or next page (entry pages have none; the few that do are
  rendered as they are).

Anything else a theme's block reads of the page (its title, say) keeps that block rendered on every page.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Callable, Iterable

from jinja2 import Environment, TemplateNotFound, nodes

SHARED = ("header", "tabs", "footer")
PAGE_FACTS = frozenset({"toc", "previous_page", "next_page", "meta.hide"})  # what a shared block may read
_LINK = re.compile(r'(?:href|src|action)="([^"#][^"]*)"')


class SharedBlocks:
    """The `dienhinh_shared(name, page, render)` of main.html, for one build's pages."""

    def __init__(self, env: Environment, nav: Any, base: str = "base.html") -> None:
        self.items = list(_items(nav.items)) if nav is not None else []
        self.shared = {name for name in SHARED if _shareable(env, base, name)}
        self.rendered: dict[tuple, tuple[str, tuple[str, ...]]] = {}

    def __call__(self, name: str, page: Any, render: Callable[[], str]) -> str:
        folder = _folder(page)
        if name not in self.shared or folder is None or page.toc or page.previous_page or page.next_page:
            return render()
        hide = (page.meta or {}).get("hide")
        key = (name, posixpath.dirname(folder.rstrip("/")), tuple(item.active for item in self.items),
               bool(page.meta), repr(hide) if hide else "")
        known = self.rendered.get(key)
        if known is not None and not any(target.startswith(folder) for target in known[1]):
            return known[0]
        html = render()
        targets = _targets(html, folder)
        if targets is not None and known is None:
            self.rendered[key] = (html, targets)
        return html


def _folder(page: Any) -> str | None:
    """The folder MkDocs writes the page's links from ("mo-hinh/x/"); None for the home page and pages outside
    a folder of their own, which are rendered as they are."""
    url = getattr(page, "url", None)
    if not isinstance(url, str) or not url or url.startswith(("/", ".")):
        return None
    return url if url.endswith("/") else (posixpath.dirname(url) + "/" if "/" in url else None)


def _targets(html: str, folder: str) -> tuple[str, ...] | None:
    """The site paths the block links to, from its relative links; None when one points inside the page's own
    folder (not the same from another folder) or the links cannot be read as relative paths."""
    found = []
    for link in _LINK.findall(html):
        if ":" in link.split("/", 1)[0] or link.startswith("/"):
            continue  # an address of its own (https:, mailto:) or from the site's root: the same everywhere
        if link != ".." and not link.startswith("../"):
            return None
        path = posixpath.normpath(posixpath.join(folder, link))
        found.append("" if path == "." else f"{path}/")
    return tuple(found)


def _items(items: Iterable[Any]) -> Iterable[Any]:
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or ())


def _shareable(env: Environment, template: str, block: str) -> bool:
    """Whether the block of `template`, through its includes and imports, reads nothing of `page` but
    PAGE_FACTS: not when it reads more, hands the page on whole, or includes a template whose name is not
    known in advance (icons excepted)."""
    try:
        body = next((node for node in _parsed(env, template).find_all(nodes.Block) if node.name == block), None)
    except TemplateNotFound:
        return False
    return body is not None and _walk(env, body, {template})


def _parsed(env: Environment, name: str) -> nodes.Template:
    source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return env.parse(source, name, filename)


def _walk(env: Environment, node: nodes.Node, seen: set[str], parent: nodes.Node | None = None) -> bool:
    if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport)):
        name = node.template
        if isinstance(name, nodes.Const) and isinstance(name.value, str):
            if name.value not in seen:
                seen.add(name.value)
                try:
                    if not _walk(env, _parsed(env, name.value), seen):
                        return False
                except TemplateNotFound:
                    if not getattr(node, "ignore_missing", False):
                        return False
        elif not (isinstance(name, nodes.Concat) and _icon(name)):
            return False
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Getattr) and _is_page(node.node.node) \
            and node.node.attr == "meta":
        return f"meta.{node.attr}" in PAGE_FACTS
    if isinstance(node, nodes.Getattr) and _is_page(node.node):
        if node.attr == "meta":  # only whether it has any, in a condition: which key is read is not known else
            return isinstance(parent, (nodes.And, nodes.Or, nodes.Not, nodes.If, nodes.CondExpr))
        return node.attr in PAGE_FACTS
    if _is_page(node):
        return False  # the page itself handed to a macro, a filter or a variable
    return all(_walk(env, child, seen, node) for child in node.iter_child_nodes())


def _is_page(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "page"


def _icon(name: nodes.Concat) -> bool:
    first = name.nodes[0] if name.nodes else None
    return isinstance(first, nodes.Const) and str(first.value).startswith(".icons/")
