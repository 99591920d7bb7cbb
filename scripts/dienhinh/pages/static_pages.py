"""Staff-written information pages (content/pages/): about, personal-data notice, editors' guide."""

from __future__ import annotations

from typing import Iterable

from markupsafe import Markup

from .. import routes
from . import markdown_body
from .context import GeneratedPage
from .templates import Templates


def static_pages(renderer: Templates) -> Iterable[GeneratedPage]:
    for page in renderer.catalog.pages.values():
        url = routes.entry_url(page)
        html, headings = markdown_body.render_with_toc(page.body)
        top = min((h["level"] for h in headings), default=0)  # staff's "##" sections, after demotion
        body = renderer.render("static_page.html.j2", url, page=page, body=Markup(html),
                               headings=[h for h in headings if h["level"] == top])
        yield GeneratedPage(url, renderer.page_meta(page.title, page.summary, None, hide_toc=True, source=page.path),
                            body)
