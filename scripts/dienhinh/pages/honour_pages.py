"""Honour-roll pages: the index by year and issuer, and per roll a web page, an A4 print layout and a photo board.

The print layout follows Nghị định 30/2020/NĐ-CP (two-column header, the
"(Kèm theo Quyết định số …)" line, I. TẬP THỂ / II. CÁ NHÂN tables, count line,
signature block). It is a page of its own, rendered by the bare `print.html`
theme template, so browsers print it and honour_pdf.py turns the same HTML into
the PDF.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from .. import routes
from ..content.entries import HonourRoll
from ..content.honours import (
    attachment_line,
    columns,
    count_text,
    display_name,
    formal_date,
    header_bodies,
    place_date_line,
    position_and_unit,
    recipient_initials,
    sections,
    unit_slug,
    units,
)
from ..progress import number
from ..text.vietnamese import fold
from .context import GeneratedPage
from .templates import Templates

PRINT_TEMPLATE = "print.html"


def honour_pages(renderer: Templates) -> Iterable[GeneratedPage]:
    yield _index_page(renderer)
    for roll in renderer.catalog.honours.values():
        yield from roll_pages(renderer, roll)


def _helpers(renderer: Templates) -> dict[str, Any]:
    labels = renderer.site.labels["honours"]
    catalog = renderer.catalog

    return {"H": labels, "profile": catalog.profile_of, "shown_name": lambda r: display_name(r, labels["honorifics"]), "position_and_unit": position_and_unit,
            "initials": recipient_initials, "formal_date": formal_date, "unit_slug": unit_slug, "fold": fold,
            "count_of": lambda r: count_text(r, labels, number), "pdf_of": routes.honour_pdf_url,
            "print_of": routes.honour_print_url}


def roll_pages(renderer: Templates, roll: HonourRoll) -> Iterable[GeneratedPage]:
    vocabularies = renderer.vocab
    labels = renderer.site.labels["honours"]
    found = sections(roll, vocabularies)
    parent, issuer = header_bodies(roll, vocabularies)
    page_url = routes.entry_url(roll)
    context = {**_helpers(renderer), "roll": roll, "sections": found, "parent": parent, "issuer": issuer,
               "count": count_text(roll, labels, number), "attachment": attachment_line(roll, vocabularies, labels),
               "place_date": place_date_line(roll, renderer.site.project.organisation.get("province", "")),
               "roll_url": page_url, "print_url": routes.honour_print_url(roll),
               "pdf_url": routes.honour_pdf_url(roll), "board_url": routes.honour_board_url(roll)}
    source = {"source": roll.path}

    body = renderer.render("honour.html.j2", page_url, **context, units=units(roll),
                           status=renderer.status_note(roll), body=renderer.body_of(roll),
                           columns_of=lambda section: columns(section, roll))
    yield GeneratedPage(page_url, renderer.page_meta(roll.title, roll.summary, roll, hide_toc=True), body)

    print_url = routes.honour_print_url(roll)
    body = renderer.render("honour_print.html.j2", print_url, **context,
                           columns_of=lambda section: columns(section, roll, always_note=True))
    card = renderer.card_image(roll.key)  # the print view and the board share the roll's card
    meta = _meta(f"{labels['document'].capitalize()} {roll.title[:1].lower()}{roll.title[1:]}", roll.summary,
                 {**source, "stylesheet": "honour-print.css", "author": renderer.catalog.term("issuers", roll.issuer),
                  **({"image": card} if card else {})})
    yield GeneratedPage(print_url, {**meta, "template": PRINT_TEMPLATE}, body)

    board_url = routes.honour_board_url(roll)
    body = renderer.render("honour_board.html.j2", board_url, **context)
    meta = _meta(f"{labels['links']['board']}: {roll.title}", roll.summary,
                 {**source, "stylesheet": "honour-board.css", "author": renderer.catalog.term("issuers", roll.issuer),
                  **({"image": card} if card else {})})
    yield GeneratedPage(board_url, {**meta, "template": PRINT_TEMPLATE}, body)


def _index_page(renderer: Templates) -> GeneratedPage:
    by_year: dict[int | None, dict[str, list[HonourRoll]]] = defaultdict(lambda: defaultdict(list))
    for roll in renderer.catalog.honours_in_order():
        by_year[roll.year][roll.issuer].append(roll)
    issuer_order = list(renderer.vocab["issuers"].terms)
    years = [(year, sorted(issuers.items(), key=lambda item: issuer_order.index(item[0])
                           if item[0] in issuer_order else len(issuer_order)))
             for year, issuers in sorted(by_year.items(), key=lambda item: -(item[0] or 0))]
    url = routes.honours_url()
    labels = renderer.site.labels["honours"]
    body = renderer.render("honours_index.html.j2", url, **_helpers(renderer), years=years)
    card = renderer.card_image(url)
    return GeneratedPage(url, _meta(labels["index_title"], labels["index_intro"].strip(),
                                    {"image": card} if card else {}), body)


def _meta(title: str, description: str, dienhinh: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": title}
    if description:
        meta["description"] = description
    meta["hide"] = ["toc"]
    meta["dienhinh"] = {"html": True, **dienhinh}
    return meta
