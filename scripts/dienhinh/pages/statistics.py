"""Statistics page (Thống kê): figures computed from the published data at build time.

Leadership reports on emulation work, and resolution 07/NQ-TLĐ asks that at
least 15% of the individuals rewarded each year be direct workers or staff
without leadership posts. Every figure says which entries it counts. Charts
are HTML bars with a data table beside each: no JavaScript, no CDN.
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


# ---------------------------------------------------------------- bar charts

BAR_SPAN = 85.0  # percent of the track the longest bar fills; the rest holds its value


def _number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",").replace("\u202f", ".")


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, list[float]]], series: list[str],
              unit: str = "", target: float | None = None, target_label: str = "", maximum: float | None = None) -> str:
    """Horizontal bars in HTML and CSS, one group per row and one bar per series.

    Text stays text at the page's own size, so a 360 px phone reads the labels (a scaled SVG shrank them
    to 5 px) and long labels wrap. The chart is hidden from screen readers: the table after it carries the
    same numbers."""
    if not rows:
        return ""
    top = max([v for _, values in rows for v in values] + [target or 0, maximum or 0, 1])
    parts = [f'<div class="dh-bars" id="{chart_id}" aria-hidden="true" title="{escape(title)}">']
    legend = [f'<li><span class="dh-bars__key dh-bars__key--{index % 2}"></span>{escape(name)}</li>'
              for index, name in enumerate(series)] if len(series) > 1 else []
    if target is not None:
        legend.append(f'<li><span class="dh-bars__key dh-bars__key--target"></span>{escape(target_label)}</li>')
    if legend:
        parts.append(f'<ul class="dh-bars__legend">{"".join(legend)}</ul>')
    marker = (f'<span class="dh-bars__target" style="left:{BAR_SPAN * target / top:.1f}%"></span>'
              if target is not None else "")
    for label, values in rows:
        parts.append(f'<div class="dh-bars__row"><span class="dh-bars__label">{escape(label)}</span>'
                     '<span class="dh-bars__group">')
        for index, value in enumerate(values):
            parts.append(f'<span class="dh-bars__track">{marker}<span class="dh-bars__bar dh-bars__bar--{index % 2}" '
                         f'style="width:{BAR_SPAN * value / top:.1f}%"></span>'
                         f'<span class="dh-bars__value">{_number(value, 1 if unit == "%" else 0)}{unit}</span></span>')
        parts.append("</span></div>")
    parts.append("</div>")
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
