"""The feeds page (/nguon-tin/): what a feed is for and the addresses to copy.

Browsers show a feed file as raw XML with a message in English, so the site's links to its
feeds lead here first: the page says in Vietnamese how to follow the site or connect the
federation's Facebook page through an auto-posting service, and lists each address in full.
"""

from __future__ import annotations

from typing import Iterable

from .. import routes
from .context import GeneratedPage
from .templates import Templates


def feeds_page(renderer: Templates) -> Iterable[GeneratedPage]:
    site = renderer.site
    labels, sections = site.labels["feeds"], site.labels["sections"]
    groups = [(labels["all"], routes.feed_folder()),
              (sections["models"], routes.feed_folder(routes.COLLECTIONS["models"])),
              (sections["people"], routes.feed_folder(routes.COLLECTIONS["people"]))]
    feeds = [{"title": title, "links": [(name, f"{folder}{file}", routes.absolute(site.project.base_url, f"{folder}{file}"))
                                        for name, file in (("RSS", "rss.xml"), ("Atom", "atom.xml"))]}
             for title, folder in groups]
    body = renderer.render("feeds.html.j2", routes.FEEDS, feeds=feeds)
    yield GeneratedPage(routes.FEEDS, renderer.page_meta(labels["page_title"], labels["page_description"], None,
                                                         hide_toc=True), body)
