"""Second validation pass and the published catalog.

Once every file is loaded: duplicate ids, references between entries (with the
closest id suggested), what is published today (drafts, future dates,
withdrawn entries are not), and the relations and indexes that pages, feeds
and statistics read. Nothing here knows about HTML or MkDocs.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from ..problems import Problems, did_you_mean
from ..routes import RESERVED
from ..text.collation import collation_key, name_key
from ..text.vietnamese import fold
from .entries import Award, Entry, HonourRoll, Model, Movement, Person, Recipient, StaticPage
from .schema import COLLECTIONS
from .vocabulary import Vocabularies

DRAFT, FUTURE, WITHDRAWN = "bản nháp", "hẹn ngày đăng", "đã gỡ"


def publication_status(entry: Entry, today: date, preview: bool) -> str | None:
    """None when the entry is public; otherwise why it is not."""
    if entry.withdrawn:
        return WITHDRAWN
    if entry.draft and not preview:
        return DRAFT
    if entry.date and entry.date > today and not preview:
        return FUTURE
    return None


@dataclass
class Catalog:
    vocabularies: Vocabularies
    movements: dict[str, Movement] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    pages: dict[str, StaticPage] = field(default_factory=dict)
    honours: dict[str, HonourRoll] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)  # entry key → reason it is not published
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # collection → old name (uid) → id
    _groups: dict[str, dict[str, list[Entry]]] = field(default_factory=dict, repr=False)
    _latest: dict[type | None, list[Entry]] = field(default_factory=dict, repr=False)
    _members_by_field: dict[str, dict[str, list[Entry]]] = field(default_factory=dict, repr=False)
    _member_lists: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _movements_of: dict[str, list[Movement]] = field(default_factory=dict, repr=False)
    model_people: dict[str, list[Person]] = field(default_factory=dict)
    person_models: dict[str, list[Model]] = field(default_factory=dict)
    movement_models: dict[str, list[Model]] = field(default_factory=dict)
    movement_people: dict[str, list[Person]] = field(default_factory=dict)
    # person or model id → the published rolls naming it, with its line there; newest roll first
    person_rolls: dict[str, list[tuple[HonourRoll, Recipient]]] = field(default_factory=dict)
    model_rolls: dict[str, list[tuple[HonourRoll, Recipient]]] = field(default_factory=dict)

    def term(self, vocabulary: str, term_id: str) -> str:
        """A vocabulary term's name as staff wrote it in content/data/."""
        return self.vocabularies[vocabulary].name_of(term_id)

    def kind_label(self, entry: Entry) -> str:
        """What an entry is, in words: a model's kind, or its collection's label."""
        if isinstance(entry, Model):
            return self.term("model_kinds", entry.kind)
        return self.vocabularies.labels["kinds"][entry.collection]

    def subtitle(self, entry: Entry) -> str:
        """The line under an entry's name: a person's position and unit, a model's units."""
        if isinstance(entry, Person):
            unit = self.term("units", entry.unit)
            return f"{entry.position}, {unit}" if entry.position else unit
        if isinstance(entry, Model):
            return "; ".join(self.term("units", u) for u in entry.units)
        return ""

    def collection(self, name: str) -> dict[str, Entry]:
        return {"movements": self.movements, "models": self.models, "people": self.people, "pages": self.pages,
                "honours": self.honours}[name]

    def rolls_of(self, entry: Entry) -> list[tuple[HonourRoll, Recipient]]:
        relation = self.person_rolls if isinstance(entry, Person) else self.model_rolls
        return relation.get(entry.id, []) if isinstance(entry, (Person, Model)) else []

    def honours_in_order(self) -> list[HonourRoll]:
        """Newest year first, then by decision date and title."""
        return sorted(self.honours.values(),
                      key=lambda r: (-(r.year or 0), -(r.decision.date.toordinal() if r.decision else 0),
                                     collation_key(r.title), r.id))

    def entries(self) -> list[Entry]:
        """Movements, models and people (static pages are not entries)."""
        return [*self.movements.values(), *self.models.values(), *self.people.values()]

    def exemplars(self) -> list[Entry]:
        """Models and people: what listings, feeds and statistics are about."""
        return [*self.models.values(), *self.people.values()]

    def latest(self, limit: int | None = None, kind: type | None = None) -> list[Entry]:
        """Exemplars (of one kind: Model, Person), newest first; memoised, as the listings of every page
        of a collection ask. The list is shared: do not change it."""
        ordered = self._latest.get(kind)
        if ordered is None:
            if None not in self._latest:
                self._latest[None] = sorted(self.exemplars(), key=_newest_first, reverse=True)
            ordered = self._latest[kind] = [e for e in self._latest[None] if isinstance(e, kind)] \
                if kind is not None else self._latest[None]
        return ordered[:limit] if limit else ordered

    def people_by_name(self) -> list[Person]:
        return sorted(self.people.values(), key=lambda p: (name_key(p.name), p.id))

    def movements_in_order(self) -> list[Movement]:
        return sorted(self.movements.values(), key=lambda m: (m.end_year is not None, collation_key(m.title)))

    def resolve(self, collection: str, reference: str) -> Entry | None:
        """The published entry a reference names, by file name or by the old name kept in `uid`."""
        entries = self.collection(collection)
        return entries.get(reference) or entries.get(self.aliases.get(collection, {}).get(reference, ""))

    def profile_of(self, recipient: Recipient) -> Entry | None:
        """The published person or model page an honour-roll line links to (old names in uid too)."""
        if recipient.person:
            found = self.resolve("people", recipient.person)
            if found is not None:
                return found
        return self.resolve("models", recipient.model) if recipient.model else None

    def award_records(self) -> list[tuple[str, int]]:
        """(form, year) of every award: those on profiles, and every line of a published award roll
        (in its decision's year) unless it links a profile that already records that form and year.
        The home page and the statistics count the same list."""
        records = [(a.form, a.year) for entry in self.exemplars() for a in getattr(entry, "awards", [])]
        for roll in self.honours_in_order():
            if roll.kind != "khen-thuong" or roll.year is None:
                continue
            for recipient in roll.recipients:
                form = roll.award_of(recipient)
                if not form:
                    continue
                profile = self.profile_of(recipient)
                if profile is not None and any(a.form == form and a.year == roll.year
                                               for a in getattr(profile, "awards", [])):
                    continue
                records.append((form, roll.year))
        return records

    def rewarded_individuals(self) -> list[RewardedIndividual]:
        """Each individual rewarded in a year, once: people with an award that year, and the individual lines of
        published award rolls (a line linked to a profile counts as that person). Resolution 07/NQ-TLĐ's 15% is
        computed from these."""
        found: dict[tuple, RewardedIndividual] = {}
        for person in self.people.values():
            for award in person.awards:
                found.setdefault((award.year, "people", person.id), RewardedIndividual(
                    award.year, person.direct_worker, person.leader, person.gender))
        for roll in self.honours_in_order():
            if roll.kind != "khen-thuong" or roll.year is None:
                continue
            for index, recipient in enumerate(roll.recipients):
                if recipient.is_collective or not roll.award_of(recipient):
                    continue
                profile = self.profile_of(recipient)
                identity = ((roll.year, "people", profile.id) if isinstance(profile, Person)
                            else (roll.year, "honours", roll.id, index))
                own = RewardedIndividual(roll.year, recipient.direct_worker, recipient.leader, recipient.gender)
                known = found.get(identity)
                found[identity] = own if known is None else RewardedIndividual(
                    roll.year, _first(known.direct_worker, own.direct_worker), _first(known.leader, own.leader),
                    known.gender or own.gender)
        return list(found.values())

    def movements_of(self, entry: Entry) -> list[Movement]:
        """The published movements an entry names (memoised: pages, feeds, search, open data and cards all ask;
        the catalog does not change once built). The list is shared: do not change it."""
        known = self._movements_of.get(entry.key)
        if known is None:
            found = (self.resolve("movements", m) for m in getattr(entry, "movements", []))
            known = self._movements_of[entry.key] = [m for m in found if isinstance(m, Movement)]
        return known

    def awards_in_order(self, entry: Entry) -> list[Award]:
        """Highest form first (award_precedence from the data file), then the most recent."""
        return sorted(getattr(entry, "awards", []),
                      key=lambda a: (self.vocabularies.award_precedence(a.form), -a.year, a.decision))

    def units_of(self, entry: Entry) -> list[str]:
        return list(getattr(entry, "units", [])) or ([entry.unit] if getattr(entry, "unit", "") else [])

    def group_by(self, attribute: str) -> dict[str, list[Entry]]:
        """Exemplars grouped by field, locality or year; newest first inside each group (memoised)."""
        if attribute in self._groups:
            return self._groups[attribute]
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.latest():
            value = entry.date.year if attribute == "year" and entry.date else getattr(entry, attribute, "")
            if value:
                groups[str(value)].append(entry)
        self._groups[attribute] = dict(groups)
        return self._groups[attribute]

    def related(self, entry: Entry, limit: int = 4) -> list[Entry]:
        """Other exemplars of the same movements, preferring the same field; newest first.

        Walks the movements' member lists (already newest first) lazily, so the cost per entry
        stays flat as movements grow to thousands of members."""
        if isinstance(entry, Movement):
            return []
        movements = [m.id for m in self.movements_of(entry)]
        if not self._members_by_field:
            for movement in self.movements:
                by_field: dict[str, list[Entry]] = defaultdict(list)
                for member in self.members_of(movement):
                    by_field[getattr(member, "field", "")].append(member)
                self._members_by_field[movement] = dict(by_field)
        same_field = getattr(entry, "field", "")
        chosen: list[Entry] = []
        seen = {entry.key}
        sources = ([[self._members_by_field.get(m, {}).get(same_field, []) for m in movements]] if same_field else [])
        sources.append([self.members_of(m) for m in movements])
        for lists in sources:
            for other in heapq.merge(*lists, key=_newest_first, reverse=True):
                if len(chosen) == limit:
                    return chosen
                if other.key not in seen:
                    seen.add(other.key)
                    chosen.append(other)
        return chosen

    def members_of(self, movement: str) -> list[Entry]:
        """Models and people of a movement, newest first (the order build_catalog fills them in)."""
        found = self._member_lists.get(movement)
        if found is None:
            models, people = self.movement_models.get(movement, []), self.movement_people.get(movement, [])
            found = self._member_lists[movement] = list(heapq.merge(models, people, key=_newest_first, reverse=True))
        return found


def _newest_first(entry: Entry) -> tuple:
    return entry.date or date.min, entry.key


def _check_duplicates(entries: Iterable[Entry], problems: Problems) -> list[Entry]:
    first: dict[str, Entry] = {}
    kept = []
    for entry in entries:
        for name in {entry.id, entry.uid} - {""}:
            key = f"{entry.collection}/{name}"
            if key in first and first[key] is not entry:
                other = first[key]
                problems.error(entry.path, 1, "tên tệp" if name == entry.id else "uid",
                               f'mã "{name}" trùng với {other.path}',
                               "mỗi mục cần một tên tệp riêng; đổi tên một trong hai tệp")
                break
            first[key] = entry
        else:
            kept.append(entry)
    return kept


@dataclass(frozen=True)
class RewardedIndividual:
    year: int
    direct_worker: bool | None
    leader: bool | None
    gender: str


def _first(*values: bool | None) -> bool | None:
    return next((value for value in values if value is not None), None)


def _check_references(entry: Entry, known: dict[str, dict[str, Entry]], existing: dict[str, set[str]],
                      problems: Problems) -> None:
    collection = COLLECTIONS[entry.collection]
    for spec in collection.fields:
        if spec.type not in ("ref", "refs") or not spec.collection:
            continue
        values = getattr(entry, spec.name, None) or []
        values = values if isinstance(values, list) else [values]
        targets = known[spec.collection]
        missing = [v for v in values if v not in targets and v not in existing.get(spec.collection, ())]
        if not missing:
            continue
        by_title = _ids_by_title(targets)
        joined = _split_by_comma(values, by_title)
        add = problems.warning if entry.draft else problems.error
        where = f"content/{spec.collection}/"
        singular = COLLECTIONS[spec.collection].singular
        for index, value in enumerate(values):
            if value in targets or value in existing.get(spec.collection, ()):
                continue  # a file with errors of its own is reported once, not again here
            if index in joined:
                first, last, target = joined[index]
                if index == first:
                    add(entry.path, entry.line(spec.name, index), f"{spec.name}[{first}-{last}]",
                        f'dấu phẩy trong tên {singular} "{targets[target].title}" đã tách tên thành '
                        f'{last - first + 1} mục',
                        f"ghi mã {singular} (tên tệp, không có .md) thay cho tên: {target}")
                continue
            if fold(value) in by_title:
                target = by_title[fold(value)]
                add(entry.path, entry.line(spec.name, index), f"{spec.name}[{index}]",
                    f'"{value}" là tên {singular}, ở đây cần mã (tên tệp)',
                    f"ghi {target} (tên tệp {where}{target}.md)")
                continue
            titles = {k: e.title for k, e in targets.items()}
            hint = did_you_mean(value, targets, titles)
            hint = (hint + " " if hint else "") + f"tên tệp (không có .md) phải có trong {where}"
            add(entry.path, entry.line(spec.name, index), f"{spec.name}[{index}]",
                f'không có {singular} "{value}"', hint)


def _ids_by_title(targets: dict[str, Entry]) -> dict[str, str]:
    """Each entry's id under its folded title and short title, as staff may type them."""
    titles: dict[str, str] = {}
    for key, target in targets.items():
        for title in (target.title, getattr(target, "short_title", None)):
            if title:
                titles.setdefault(fold(title), key)
    return titles


def _split_by_comma(values: list[str], by_title: dict[str, str]) -> dict[int, tuple[int, int, str]]:
    """Runs of items that, joined again with ", ", are one title: `[Lao động giỏi, Lao động sáng tạo]`."""
    runs: dict[int, tuple[int, int, str]] = {}
    for first in range(len(values)):
        for last in range(len(values) - 1, first, -1):
            target = by_title.get(fold(", ".join(values[first:last + 1])))
            if target and not any(index in runs for index in range(first, last + 1)):
                for index in range(first, last + 1):
                    runs[index] = (first, last, target)
                break
    return runs


def _check_recipient_links(roll: HonourRoll, known: dict[str, dict[str, Entry]], existing: dict[str, set[str]],
                           problems: Problems) -> None:
    """A recipient's `person`/`model` must name an entry of that collection, with the closest id suggested."""
    for index, recipient in enumerate(roll.recipients):
        for field_name, collection in (("person", "people"), ("model", "models")):
            value = getattr(recipient, field_name)
            targets = known[collection]
            if not value or value in targets or value in existing.get(collection, ()):
                continue
            hint = did_you_mean(value, targets, {k: e.title for k, e in targets.items()})
            hint = (hint + " " if hint else "") + f"tên tệp (không có .md) phải có trong content/{collection}/"
            add = problems.warning if roll.draft else problems.error
            add(*roll.where(index, field_name), f'không có {COLLECTIONS[collection].singular} "{value}"', hint)


def _check_page_ids(entries: Iterable[Entry], problems: Problems) -> list[Entry]:

    kept = []
    for entry in entries:
        if entry.collection == "pages" and entry.id in RESERVED:
            problems.error(entry.path, 1, "tên tệp", f'tên "{entry.id}" trùng với một mục của trang',
                           f"đặt tên khác, ví dụ: trang-{entry.id}.md")
            continue
        kept.append(entry)
    return kept


def build_catalog(entries: list[Entry], vocabularies: Vocabularies, problems: Problems,
                  today: date, preview: bool = False, failed: dict[str, set[str]] | None = None,
                  unfinished: list[Entry] | None = None) -> Catalog:
    """`failed`: ids of files that exist but did not validate, so references to them are not errors too.
    `unfinished`: what such files hold that could be read; their references are checked too, so that a
    file's problems all come in one run."""
    entries = _check_page_ids(_check_duplicates(entries, problems), problems)
    known: dict[str, dict[str, Entry]] = {name: {} for name in COLLECTIONS}
    for entry in entries:
        known[entry.collection][entry.id] = entry
        if entry.uid:
            known[entry.collection].setdefault(entry.uid, entry)
    for entry in [*entries, *(unfinished or [])]:
        _check_references(entry, known, failed or {}, problems)
        if isinstance(entry, HonourRoll):
            _check_recipient_links(entry, known, failed or {}, problems)

    catalog = Catalog(vocabularies)
    for entry in entries:
        if entry.uid and entry.uid != entry.id:
            catalog.aliases.setdefault(entry.collection, {})[entry.uid] = entry.id
        status = publication_status(entry, today, preview)
        if status:
            catalog.hidden[entry.key] = status
        else:
            catalog.collection(entry.collection)[entry.id] = entry

    model_people: dict[str, dict[str, Person]] = defaultdict(dict)
    person_models: dict[str, dict[str, Model]] = defaultdict(dict)
    for model in catalog.models.values():
        for reference in model.people:
            person = catalog.resolve("people", reference)
            if isinstance(person, Person):
                model_people[model.id][person.id] = person
                person_models[person.id][model.id] = model
    for person in catalog.people.values():
        for reference in person.initiatives:
            model = catalog.resolve("models", reference)
            if isinstance(model, Model):
                person_models[person.id][model.id] = model
                model_people[model.id][person.id] = person
    catalog.model_people = {k: sorted(v.values(), key=lambda p: name_key(p.name)) for k, v in model_people.items()}
    catalog.person_models = {k: sorted(v.values(), key=lambda m: collation_key(m.title))
                             for k, v in person_models.items()}

    for roll in catalog.honours_in_order():
        for recipient in roll.recipients:
            profile = catalog.profile_of(recipient)
            if isinstance(profile, Person):
                catalog.person_rolls.setdefault(profile.id, []).append((roll, recipient))
            elif isinstance(profile, Model):
                catalog.model_rolls.setdefault(profile.id, []).append((roll, recipient))

    newest = sorted(catalog.exemplars(), key=_newest_first, reverse=True)
    for entry in newest:
        bucket = catalog.movement_models if isinstance(entry, Model) else catalog.movement_people
        for movement in catalog.movements_of(entry):
            bucket.setdefault(movement.id, []).append(entry)
    return catalog
