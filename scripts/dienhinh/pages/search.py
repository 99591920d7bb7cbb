"""The search page: the box, the facets and the script that reads the index outputs/search.py writes."""

from __future__ import annotations

from typing import Iterable

from .. import routes
from .context import GeneratedPage
from .templates import Templates

FACETS = ("movement", "kind", "field", "year", "locality", "award")


def search_page(renderer: Templates) -> Iterable[GeneratedPage]:
    labels = renderer.site.labels["search"]
    body = renderer.render("search.html.j2", routes.SEARCH, facets=FACETS, index=routes.SEARCH_INDEX)
    yield GeneratedPage(routes.SEARCH, renderer.page_meta(labels["title"], labels["description"], None, hide_toc=True),
                        body)
