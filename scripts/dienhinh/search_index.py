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

import shutil
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Iterable

from . import markdown_body, routes
from .entries import Entry, HonourRoll, Person
from .honours import decision_reference
from .pages import GeneratedPage, PageRenderer, SiteContext
from .progress import Progress, number
from .vietnamese import d_to_d

SEARCH_URL = "tim-kiem/"
BUNDLE = "pagefind"
FACETS = ("movement", "kind", "field", "year", "locality", "award")


def record(site: SiteContext, renderer: PageRenderer, entry: Entry) -> dict:
    """The searchable text, result-card fields and facets of one entry."""
    catalog, vocab = site.catalog, site.catalog.vocabularies
    movements = catalog.movements_of(entry)
    awards = catalog.awards_in_order(entry)
    subtitle = renderer.subtitle(entry)
    parts = [subtitle, entry.summary, *(m.title for m in movements)]
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
        "title": entry.title,
        "content": text + "\n" + d_to_d(text),
        "language": "vi",
        "meta": meta,
        "filters": {k: v for k, v in filters.items() if v},
        "sort": {"date": entry.date.isoformat() if entry.date else "0000-00-00"},
    }


def roll_record(site: SiteContext, roll: HonourRoll) -> dict:
    """A roll is found by its title, decision and by any name, position or unit on it: most
    people honoured have no profile page, and their roll is where they appear on the site."""
    vocab = site.catalog.vocabularies
    issuer = vocab["issuers"].name_of(roll.issuer)
    decision = decision_reference(roll.decision, site.labels["honours"]) if roll.decision else ""
    awards = sorted({vocab["award_forms"].name_of(roll.award_of(r)) for r in roll.recipients if roll.award_of(r)})
    lines = [issuer, decision, roll.summary, *awards]
    lines += [" ".join(p for p in (r.name, r.position, r.unit) if p) for r in roll.recipients]
    text = "\n".join(p for p in lines if p)
    kind = site.labels["honours"]["index_title"]
    return {
        "url": "/" + routes.entry_url(roll),
        "title": roll.title,
        "content": text + "\n" + d_to_d(text),
        "language": "vi",
        "meta": {"title": roll.title, "unit": " · ".join(p for p in (issuer, decision) if p),
                 "summary": roll.summary or "", "kind": kind},
        "filters": {k: v for k, v in {"kind": [kind], "year": [str(roll.year)] if roll.year else [],
                                      "award": awards}.items() if v},
        "sort": {"date": roll.date.isoformat() if roll.date else "0000-00-00"},
    }


def _document(item: dict) -> str:
    """One record as a small HTML document for the Pagefind indexer.

    Meta, filters and sort keys are read from attributes (key[data-v]), so values may hold
    commas and none of them is added to the searchable text twice.
    """
    spans = [f'<span data-pagefind-meta="{key}[data-v]" data-v="{escape(value)}"></span>'
             for key, value in item["meta"].items()]
    spans += [f'<span data-pagefind-filter="{key}[data-v]" data-v="{escape(value)}"></span>'
              for key, values in item["filters"].items() for value in values]
    spans += [f'<span data-pagefind-sort="{key}[data-v]" data-v="{escape(value)}"></span>'
              for key, value in item["sort"].items()]
    # The title is the document's h1, which Pagefind ranks above body text: a name typed in the
    # search box finds that person before pages that merely mention it.
    heading = f"<h1>{escape(item['title'])} {escape(d_to_d(item['title']))}</h1>"
    paragraphs = heading + "".join(f"<p>{escape(line)}</p>" for line in item["content"].split("\n") if line.strip())
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(item["meta"]["title"])}'
            f'</title></head><body><main data-pagefind-body>{"".join(spans)}{paragraphs}</main></body></html>')


def build_index(records: list[dict], source: Path, output: Path) -> None:
    """Write the records as documents mirroring the site's URLs and run the Pagefind CLI over them.

    (The pagefind Python service answers one request per 100 ms poll: 17 minutes for 10,000
    records. The CLI from the same wheel indexes them in seconds.)
    """
    if source.exists():
        shutil.rmtree(source)
    for item in records:
        folder = source / item["url"].strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(_document(item), encoding="utf-8")
    if output.exists():
        shutil.rmtree(output)
    result = subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(source), "--output-path", str(output),
                             "--force-language", "vi", "--quiet"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind không lập được chỉ mục tìm kiếm: {result.stdout[-2000:]}{result.stderr[-2000:]}")


def write_index(site: SiteContext, output_dir: Path, progress: Progress):
    from .outputs import OutputReport

    renderer = PageRenderer(site)
    records = [record(site, renderer, entry) for entry in site.catalog.exemplars()]
    records += [roll_record(site, roll) for roll in site.catalog.honours_in_order()]
    if not records:  # Pagefind refuses an empty site; the search page says there is nothing yet
        return OutputReport("Chỉ mục tìm kiếm (Pagefind)", 0, "chưa có mục nào để lập chỉ mục")
    build_index(records, site.project.cache_dir / "search-src", output_dir / BUNDLE)
    return OutputReport("Chỉ mục tìm kiếm (Pagefind)", len(records), f"{number(len(records))} mục được lập chỉ mục")


def search_page(site: SiteContext) -> Iterable[GeneratedPage]:
    renderer = PageRenderer(site)
    labels = site.labels["search"]
    body = renderer.render("search.html.j2", SEARCH_URL, facets=FACETS)
    yield GeneratedPage(SEARCH_URL, renderer.page_meta(labels["title"], labels["description"], None, hide_toc=True),
                        body)
