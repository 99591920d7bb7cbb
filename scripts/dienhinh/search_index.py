"""Search: a Pagefind index built from the catalog, and the search page.

Pagefind (a Rust indexer shipped as a PyPI wheel) answers from static files and
fetches only the index chunks a query needs. Records are added from the
catalog rather than by parsing rendered HTML: the text is exactly what we
choose, facets come from the data, and no page is parsed twice. Pagefind folds
Vietnamese marks but not đ, so each record also carries its text with đ
written as d, and the search page folds queries the same way ("dong" finds
"Đông", "dao viet hung" finds "Đào Việt Hưng").
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Iterable

from . import markdown_body, routes
from .entries import Entry, Person
from .pages import GeneratedPage, PageRenderer, SiteContext
from .progress import Progress, number

SEARCH_URL = "tim-kiem/"
BUNDLE = "pagefind"
FACETS = ("movement", "kind", "field", "year", "locality", "award")


def _d_to_d(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


def record(site: SiteContext, renderer: PageRenderer, entry: Entry) -> dict:
    """The searchable text, result-card fields and facets of one entry."""
    catalog, vocab = site.catalog, site.catalog.vocabularies
    movements = catalog.movements_of(entry)
    awards = catalog.awards_in_order(entry)
    subtitle = renderer.subtitle(entry)
    # The title leads and is repeated: Pagefind has no field weights for custom records,
    # and a name typed in the search box should find that person's page first.
    parts = [entry.title, entry.title, subtitle, entry.summary, *(m.title for m in movements)]
    if getattr(entry, "field", ""):
        parts.append(vocab["fields"].name_of(entry.field))
    if getattr(entry, "locality", ""):
        parts.append(vocab["localities"].name_of(entry.locality))
    parts += [vocab["award_forms"].name_of(a.form) for a in awards]
    if not isinstance(entry, Person) or entry.biography_public:
        parts.append(markdown_body.plain(markdown_body.render(entry.body)))
    text = "\n".join(p for p in parts if p)
    meta = {"title": entry.title, "unit": subtitle, "summary": entry.summary or "",
            "kind": renderer.kind_label(entry)}
    picture = renderer.portrait(entry)
    if picture is not None:
        meta["image"] = "/" + picture.thumbnail.url
        meta["image_alt"] = ""
    filters = {
        "movement": [m.short_title or m.title for m in movements],
        "kind": [renderer.kind_label(entry)],
        "field": [vocab["fields"].name_of(entry.field)] if getattr(entry, "field", "") else [],
        "year": [str(entry.date.year)] if entry.date else [],
        "locality": [vocab["localities"].name_of(entry.locality)] if getattr(entry, "locality", "") else [],
        "award": sorted({vocab["award_forms"].name_of(a.form) for a in awards}),
    }
    return {
        "url": "/" + routes.entry_url(entry),
        "content": text + "\n" + _d_to_d(text),
        "language": "vi",
        "meta": meta,
        "filters": {k: v for k, v in filters.items() if v},
        "sort": {"date": entry.date.isoformat() if entry.date else "0000-00-00"},
    }


async def _index(records: Iterable[dict], output: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    count = 0
    config = IndexConfig(force_language="vi", output_path=str(output))
    async with PagefindIndex(config=config) as index:
        for item in records:
            await index.add_custom_record(**item)
            count += 1
        await index.write_files(output_path=str(output))
    return count


def write_index(site: SiteContext, output_dir: Path, progress: Progress):
    from .outputs import OutputReport

    renderer = PageRenderer(site)
    records = [record(site, renderer, entry) for entry in site.catalog.exemplars()]
    count = asyncio.run(_index(records, output_dir / BUNDLE))
    return OutputReport("Chỉ mục tìm kiếm (Pagefind)", count, f"{number(count)} mục được lập chỉ mục")


def search_page(site: SiteContext) -> Iterable[GeneratedPage]:
    renderer = PageRenderer(site)
    labels = site.labels["search"]
    body = renderer.render("search.html.j2", SEARCH_URL, facets=FACETS)
    yield GeneratedPage(SEARCH_URL, renderer.page_meta(labels["title"], labels["description"], None, hide_toc=True),
                        body)
