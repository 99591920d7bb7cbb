"""Honour rolls as they are printed: sections, the chosen order, groups, counts and formal wording.

A roll keeps the decision's own order unless it asks for another: by award
precedence (award_forms.yml), by unit, or by name in Vietnamese order (given
name, then middle, then family name, as ICU `vi`). Collectives come before
individuals unless the roll says otherwise. Nothing here knows about HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from ..text.collation import collation_key, initials, name_key
from ..text.vietnamese import slugify
from .entries import HonourRoll, Recipient
from .vocabulary import Vocabularies

DECISION, PRECEDENCE, UNIT, NAME = "quyet-dinh", "hinh-thuc", "don-vi", "ten"
ORDERS = (DECISION, PRECEDENCE, UNIT, NAME)
KINDS = ("tap-the", "ca-nhan")
NUMERALS = ("I", "II", "III", "IV")


def formal_date(day: date) -> str:
    """'ngày 26 tháng 02 năm 2025': days below 10 and months 1-2 zero-padded (Nghị định 30/2020/NĐ-CP)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class Line:
    """One printed row: its number (STT) in its section, the recipient, the award that applies."""

    number: int
    recipient: Recipient
    award: str
    position: int  # where the decision lists it, from 0
    wording: str = ""  # the award as the decision words it


@dataclass
class Group:
    heading: str  # "" when the section is not divided
    lines: list[Line]


@dataclass
class Section:
    kind: str
    numeral: str
    groups: list[Group]

    @property
    def lines(self) -> list[Line]:
        return [line for group in self.groups for line in group.lines]


def _order_key(order: str, vocabularies: Vocabularies) -> Callable[[tuple[int, Recipient, str]], tuple]:
    if order == PRECEDENCE:
        return lambda item: (vocabularies.award_precedence(item[2]), item[0])
    if order == UNIT:
        return lambda item: (not item[1].unit, collation_key(item[1].unit), item[0])
    if order == NAME:
        return lambda item: ((name_key(item[1].name) if not item[1].is_collective
                              else (collation_key(item[1].name),)), item[0])
    return lambda item: item[0]


def kinds_in_order(roll: HonourRoll) -> tuple[str, ...]:
    return KINDS if roll.collectives_first else tuple(reversed(KINDS))


def ordered(roll: HonourRoll, vocabularies: Vocabularies, order: str | None = None) -> list[Recipient]:
    """All recipients in print order: by section, then by the roll's (or the given) order."""
    return [line.recipient for section in sections(roll, vocabularies, order) for line in section.lines]


def sections(roll: HonourRoll, vocabularies: Vocabularies, order: str | None = None) -> list[Section]:
    order = order or roll.order
    key = _order_key(order, vocabularies)
    forms = vocabularies["award_forms"]
    several_forms = len({roll.award_of(r) for r in roll.recipients}) > 1
    out = []
    for kind in kinds_in_order(roll):
        items = [(i, r, roll.award_of(r)) for i, r in enumerate(roll.recipients) if r.kind == kind]
        if not items:
            continue
        items.sort(key=key)
        groups: list[Group] = []
        for number, (position, recipient, award) in enumerate(items, start=1):
            wording = award_wording(roll, award, vocabularies)
            if order == PRECEDENCE and several_forms:
                heading = wording
            elif order == UNIT:
                heading = recipient.unit
            else:
                heading = ""
            if not groups or _group_id(groups[-1].heading) != _group_id(heading):
                groups.append(Group(heading, []))
            groups[-1].lines.append(Line(number, recipient, award, position, wording))
        out.append(Section(kind, NUMERALS[len(out)], groups))
    return out


def award_wording(roll: HonourRoll, form: str, vocabularies: Vocabularies) -> str:
    """An award as the decision words it: the roll's own wording of its common award, else the list's `wording`,
    else the form's name."""
    if not form:
        return ""
    if form == roll.award and roll.award_wording:
        return roll.award_wording
    term = vocabularies["award_forms"].terms.get(form)
    return str(term.get("wording") or term.name) if term else form


def _group_id(heading: str) -> tuple:
    return collation_key(heading)


def counts(roll: HonourRoll) -> dict[str, int]:
    found = {kind: 0 for kind in KINDS}
    for recipient in roll.recipients:
        found[recipient.kind] += 1
    return found


def display_name(recipient: Recipient, honorifics: dict[str, str]) -> str:
    """'Ông Nguyễn Văn An' for an individual whose gender is known; a collective's name as written."""
    prefix = honorifics.get(recipient.gender, "") if not recipient.is_collective else ""
    return f"{prefix} {recipient.name}" if prefix else recipient.name


def position_and_unit(recipient: Recipient) -> str:
    return ", ".join(part for part in (recipient.position, recipient.unit) if part)


def recipient_initials(recipient: Recipient) -> str:
    return initials(recipient.name, recipient.is_collective)


def units(roll: HonourRoll) -> list[tuple[str, str, int]]:
    """(slug, unit as written, count) for the unit filter, in Vietnamese order."""
    found: dict[str, tuple[str, int]] = {}
    for recipient in roll.recipients:
        if recipient.unit:
            slug = unit_slug(recipient.unit)
            name, count = found.get(slug, (recipient.unit, 0))
            found[slug] = (name, count + 1)
    return sorted(((slug, name, count) for slug, (name, count) in found.items()),
                  key=lambda item: collation_key(item[1]))


def unit_slug(unit: str) -> str:
    return slugify(unit) or "khac"


def header_bodies(roll: HonourRoll, vocabularies: Vocabularies) -> tuple[str, str]:
    """(parent body, issuing body) for the top-left of the document, in capitals."""
    issuers = vocabularies["issuers"]
    issuer = issuers.terms.get(roll.issuer)
    parent = issuers.name_of(issuer.get("parent")) if issuer and issuer.get("parent") else ""
    return parent.upper(), issuers.name_of(roll.issuer).upper()


def place_date_line(roll: HonourRoll, default_place: str) -> str:
    """'Lai Châu, ngày 26 tháng 6 năm 2020' under the motto, dated as the decision; empty without a decision date."""
    if not (roll.decision and roll.decision.date):
        return ""
    place = roll.place or default_place
    return f"{place}, {formal_date(roll.decision.date)}" if place else formal_date(roll.decision.date).capitalize()


def decision_reference(decision, labels: dict) -> str:
    """'Quyết định số 15/QĐ-LĐLĐ' ('Báo cáo số …' for another document type)."""
    return f"{decision.type or labels['decision_type']} {labels['number']} {decision.number}"


def attachment_line(roll: HonourRoll, vocabularies: Vocabularies, labels: dict) -> str:
    """'(Kèm theo Quyết định số 15/QĐ-LĐLĐ ngày 20 tháng 01 năm 2025 của …)'; 'Theo' for a list of exemplars."""
    decision = roll.decision
    if decision is None:
        return ""
    lead = labels["attached"] if roll.kind == "khen-thuong" else labels["according"]
    by = decision.by or vocabularies["issuers"].name_of(roll.issuer)
    return f"({lead} {decision_reference(decision, labels)} {formal_date(decision.date)} {labels['of']} {by})"


def count_text(roll: HonourRoll, labels: dict, number: Callable[[int], str] = str) -> str:
    """'15 tập thể và 300 cá nhân', collectives and individuals in the roll's order."""
    found = counts(roll)
    parts = [f"{number(found[kind])} {labels['count_words'][kind]}" for kind in kinds_in_order(roll) if found[kind]]
    return f" {labels['and']} ".join(parts)


def columns(section: Section, roll: HonourRoll, order: str | None = None, always_note: bool = False) -> list[str]:
    """Columns of a section's table: STT, name, position and unit for individuals, then what the rows fill."""
    lines = section.lines
    out = ["number", "name"]
    if section.kind == "ca-nhan":
        out.append("position_unit")
    grouped_by_award = (order or roll.order) == PRECEDENCE
    awards = {line.award for line in lines}
    if not grouped_by_award and (len({roll.award_of(r) for r in roll.recipients}) > 1 or (awards and not roll.award)):
        if any(awards):
            out.append("award")
    if any(line.recipient.achievement for line in lines):
        out.append("achievement")
    if always_note or any(line.recipient.note for line in lines):
        out.append("note")
    return out
