"""Statistics page (Thống kê): figures computed from the published data at build time.

Leadership reports on emulation work, and resolution 07/NQ-TLĐ asks that at
least 15% of the individuals rewarded each year be direct workers or staff
without leadership posts. Every figure says which entries it counts. Charts
are static SVG with a data table beside each: no JavaScript, no CDN.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Iterable

from markupsafe import Markup

from .. import routes
from ..content.catalog import Catalog
from ..text.collation import collation_key
from .context import GeneratedPage
from .templates import Templates

NQ07_TARGET = 15.0


@dataclass
class YearShare:
    year: int
    rewarded: int
    qualifying: int  # direct workers or without a leadership post
    unknown: int  # neither flag recorded
    women: int
    gender_unknown: int

    @property
    def share(self) -> float:
        return 100.0 * self.qualifying / self.rewarded if self.rewarded else 0.0

    @property
    def women_share(self) -> float:
        return 100.0 * self.women / self.rewarded if self.rewarded else 0.0


@dataclass
class Statistics:
    by_movement: list[tuple[str, int, int]] = field(default_factory=list)  # label, models, people
    by_field: list[tuple[str, int, int]] = field(default_factory=list)
    by_year: list[tuple[str, int, int]] = field(default_factory=list)
    by_locality: list[tuple[str, int, int]] = field(default_factory=list)
    awards_by_form: list[tuple[str, int]] = field(default_factory=list)
    awards_by_year: list[tuple[str, int]] = field(default_factory=list)
    awards_table: dict[str, dict[int, int]] = field(default_factory=dict)
    nq07: list[YearShare] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def _split(counter_models: Counter, counter_people: Counter, order: Iterable[str]) -> list[tuple[str, int, int]]:
    return [(key, counter_models[key], counter_people[key]) for key in order]


def compute(catalog: Catalog) -> Statistics:
    vocab = catalog.vocabularies
    stats = Statistics()
    models, people = list(catalog.models.values()), list(catalog.people.values())
    for attribute, vocabulary, target in (("field", "fields", "by_field"), ("locality", "localities", "by_locality")):
        m = Counter(vocab[vocabulary].name_of(getattr(e, attribute)) for e in models if getattr(e, attribute))
        p = Counter(vocab[vocabulary].name_of(getattr(e, attribute)) for e in people if getattr(e, attribute))
        order = sorted(set(m) | set(p), key=lambda k: (-(m[k] + p[k]), collation_key(k)))
        setattr(stats, target, _split(m, p, order))
    m = Counter(str(e.date.year) for e in models if e.date)
    p = Counter(str(e.date.year) for e in people if e.date)
    stats.by_year = _split(m, p, sorted(set(m) | set(p), reverse=True))
    movement_rows = []
    for movement in catalog.movements_in_order():
        count_models = len(catalog.movement_models.get(movement.id, []))
        count_people = len(catalog.movement_people.get(movement.id, []))
        if count_models or count_people:
            movement_rows.append((movement.short_title or movement.title, count_models, count_people))
    stats.by_movement = sorted(movement_rows, key=lambda row: (-(row[1] + row[2]), collation_key(row[0])))

    forms: Counter = Counter()
    years: Counter = Counter()
    table: dict[str, dict[int, int]] = defaultdict(Counter)
    for form, year in catalog.award_records():
        name = vocab["award_forms"].name_of(form)
        forms[name] += 1
        years[year] += 1
        table[name][year] += 1
    precedence = {vocab["award_forms"].name_of(f): vocab.award_precedence(f) for f in vocab["award_forms"].terms}
    stats.awards_by_form = sorted(forms.items(), key=lambda kv: (precedence.get(kv[0], 10_000), collation_key(kv[0])))
    stats.awards_by_year = [(str(y), years[y]) for y in sorted(years, reverse=True)]
    stats.awards_table = {name: dict(table[name]) for name, _ in stats.awards_by_form}

    shares = []
    individuals = catalog.rewarded_individuals()
    for year in sorted({record.year for record in individuals}, reverse=True):
        rewarded = [record for record in individuals if record.year == year]
        shares.append(YearShare(
            year=year, rewarded=len(rewarded),
            qualifying=sum(1 for p in rewarded if p.direct_worker is True or p.leader is False),
            unknown=sum(1 for p in rewarded if p.direct_worker is None and p.leader is None),
            women=sum(1 for p in rewarded if p.gender == "nu"),
            gender_unknown=sum(1 for p in rewarded if not p.gender)))
    stats.nq07 = shares
    stats.totals = {"movements": len(catalog.movements), "models": len(models), "people": len(people),
                    "awards": sum(forms.values())}
    return stats


# ---------------------------------------------------------------- SVG charts

BAR_COLOURS = ("#0a4a8f", "#b3122e")


def _number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",").replace("\u202f", ".")


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, list[float]]], series: list[str],
              unit: str = "", target: float | None = None, target_label: str = "", maximum: float | None = None) -> str:
    """Horizontal bars, one group per row and one bar per series; labels and values drawn as text."""
    if not rows:
        return ""
    label_width, bar_width, row_height, bar_height = 250, 330, 14 + 18 * len(series), 16
    width = label_width + bar_width + 90
    legend_items = (len(series) if len(series) > 1 else 0) + (1 if target is not None else 0)
    legend_height = 20 * legend_items + (6 if legend_items else 0)
    height = legend_height + max(1, len(rows)) * row_height + 10
    top = max([v for _, values in rows for v in values] + [target or 0, maximum or 0, 1])
    parts = [f'<svg class="dh-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-t" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="Be Vietnam Pro, sans-serif" font-size="13">',
             f'<title id="{chart_id}-t">{escape(title)}</title>']
    x, y = label_width, 6
    if len(series) > 1:
        for index, name in enumerate(series):
            parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{BAR_COLOURS[index % 2]}"/>'
                         f'<text x="{x + 18}" y="{y + 10}" fill="#222">{escape(name)}</text>')
            y += 20
    if target is not None:
        parts.append(f'<line x1="{x}" y1="{y + 6}" x2="{x + 12}" y2="{y + 6}" stroke="#b3122e" stroke-width="2" '
                     f'stroke-dasharray="4 3"/><text x="{x + 18}" y="{y + 10}" fill="#222">{escape(target_label)}</text>')
    for row_index, (label, values) in enumerate(rows):
        y = legend_height + row_index * row_height + 4
        shown = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + row_height / 2 + 4:.0f}" text-anchor="end" fill="#222">'
                     f'<title>{escape(label)}</title>{escape(shown)}</text>')
        for index, value in enumerate(values):
            length = bar_width * value / top if top else 0
            bar_y = y + 4 + index * (bar_height + 2)
            parts.append(f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" height="{bar_height}" '
                         f'fill="{BAR_COLOURS[index % 2]}"/>'
                         f'<text x="{label_width + length + 5:.1f}" y="{bar_y + 12}" fill="#222">'
                         f'{_number(value, 1 if unit == "%" else 0)}{unit}</text>')
    if target is not None:
        tx = label_width + bar_width * target / top
        parts.append(f'<line x1="{tx:.1f}" y1="{legend_height}" x2="{tx:.1f}" y2="{height - 6}" stroke="#b3122e" '
                     f'stroke-width="2" stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    return "".join(parts)


def statistics_page(renderer: Templates) -> Iterable[GeneratedPage]:
    site = renderer.site
    stats = compute(site.catalog)
    labels = site.labels["statistics"]
    charts = {
        "movement": bar_chart("bd-movement", labels["by_movement"], [(r[0], [r[1], r[2]]) for r in stats.by_movement],
                              [labels["models"], labels["people"]]),
        "field": bar_chart("bd-field", labels["by_field"], [(r[0], [r[1], r[2]]) for r in stats.by_field],
                           [labels["models"], labels["people"]]),
        "year": bar_chart("bd-year", labels["by_year"], [(r[0], [r[1], r[2]]) for r in stats.by_year],
                          [labels["models"], labels["people"]]),
        "locality": bar_chart("bd-locality", labels["by_locality"], [(r[0], [r[1], r[2]]) for r in stats.by_locality],
                              [labels["models"], labels["people"]]),
        "awards_form": bar_chart("bd-awards-form", labels["awards_by_form"],
                                 [(name, [count]) for name, count in stats.awards_by_form], [labels["awards"]]),
        "awards_year": bar_chart("bd-awards-year", labels["awards_by_year"],
                                 [(year, [count]) for year, count in stats.awards_by_year], [labels["awards"]]),
        "nq07": bar_chart("bd-nq07", labels["nq07"], [(str(s.year), [s.share, s.women_share]) for s in stats.nq07],
                          [labels["nq07_share"], labels["women_share"]], unit="%", target=NQ07_TARGET,
                          target_label=labels["target"], maximum=100),
    }
    charts = {key: Markup(svg) for key, svg in charts.items()}  # built from escaped text only
    body = renderer.render("statistics.html.j2", routes.STATISTICS, stats=stats, charts=charts, target=NQ07_TARGET,
                           newest=max((e.date for e in site.catalog.exemplars() if e.date), default=None),
                           award_years=sorted({y for counts in stats.awards_table.values() for y in counts}, reverse=True))
    yield GeneratedPage(routes.STATISTICS, renderer.page_meta(labels["title"], labels["description"], None, hide_toc=True),
                        body)
