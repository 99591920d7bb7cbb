"""Controlled vocabularies: award forms, fields, localities, units, issuers, model kinds, UI labels.

They live as YAML files in content/data/ so that staff extend them in the Git
web UI (a new unit, a new commune after the 2025 reorganisation) without code.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import Any

from ..problems import Problems, did_you_mean, relative
from ..text import quality as text_quality
from ..text.vietnamese import clean_text, fold, is_slug, slugify
from . import limits
from .frontmatter import load_package_data, parse_yaml
from .reading import read_text

RECIPIENT_KINDS = ("ca-nhan", "tap-the")

# name of the vocabulary → (file, Vietnamese label, extra keys allowed besides id/name)
VOCABULARIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "award_forms": ("award_forms.yml", "hình thức khen thưởng",
                    ("short", "wording", "issuer", "recipients", "precedence", "aliases", "note")),
    "fields": ("fields.yml", "lĩnh vực", ("note",)),
    "localities": ("localities.yml", "địa bàn", ("level", "until", "note")),
    "units": ("units.yml", "đơn vị", ("short", "locality", "field", "note")),
    "issuers": ("issuers.yml", "cơ quan phát động, khen thưởng", ("short", "parent", "note")),
    "model_kinds": ("model_kinds.yml", "loại mô hình", ("plural", "note")),
}


# What each extra key of a vocabulary item must hold; a wrong shape is reported, not crashed on.
_EXTRA_TYPES = {"short": "text", "wording": "text", "issuer": "text", "note": "text", "locality": "text", "field": "text",
                "level": "text", "plural": "text", "parent": "text", "precedence": "int",
                "recipients": "texts", "aliases": "texts", "until": "date"}
_TYPE_WORDS = {"text": "chữ", "int": "số nguyên", "texts": "danh sách chữ, ví dụ [a, b]",
               "date": "ngày dạng năm-tháng-ngày, ví dụ 2025-06-30"}


def _has_type(value: Any, expected: str) -> bool:
    if expected == "text":
        return isinstance(value, (str, int)) and not isinstance(value, bool)
    if expected == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "texts":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, date)


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    line: int
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.extra.get(key, default)


@dataclass
class Vocabulary:
    name: str
    label: str
    path: str
    terms: dict[str, Term] = field(default_factory=dict)

    def __contains__(self, term_id: object) -> bool:
        return term_id in self.terms

    def __getitem__(self, term_id: str) -> Term:
        return self.terms[term_id]

    def name_of(self, term_id: str) -> str:
        term = self.terms.get(term_id)
        return term.name if term else term_id

    def names_of(self, term: Term) -> list[str]:
        """Every way staff write a term: its id, its name, its short name, its wording, its aliases."""
        return [term.id, term.name, str(term.get("short", "") or ""), str(term.get("wording", "") or ""),
                *(term.get("aliases") or [])]

    @cached_property
    def _by_name(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for term in self.terms.values():
            for written in self.names_of(term):
                if written:
                    found.setdefault(_key(written), term.id)
        return found

    def resolve(self, value: str) -> str | None:
        """The id of the term written as `value` (its id, name, short name or an alias, in any case,
        with or without marks), or None."""
        return value if value in self.terms else self._by_name.get(_key(value))

    def suggestion(self, value: str) -> str:
        """'có phải ý bạn là "…"?' for the closest term by any of its names, or "". For award forms, never one
        the value cannot mean: another issuer or level ("Bằng khen LĐLĐ" is not offered a "Bằng khen UBND"),
        or another kind of award ("Giấy khen" is not offered a "Bằng khen")."""
        typed = _key(value)
        markers = _MARKERS & set(typed.split())
        kind = next((k for k in _AWARD_KINDS if f" {k} " in f" {typed} "), None)
        best, best_score = None, 0.6
        for term in self.terms.values():
            names = [_key(n) for n in self.names_of(term) if n]
            if self.name == "award_forms":
                canonical = _MARKERS & set(_key(str(term.get("short") or term.name)).split())
                if (not markers <= set(" ".join(names).split()) or (markers and canonical and not markers & canonical)
                        or (kind and not any(f" {kind} " in f" {n} " for n in names))):
                    continue
            score = max(0.9 if len(n) > 3 and (typed.startswith(n) or n.startswith(typed)) else
                        difflib.SequenceMatcher(None, typed, n).ratio() for n in names)
            if score > best_score:
                best, best_score = term.id, score
        return f'có phải ý bạn là "{best}"?' if best else ""


# Words that say which body issues an award, or at which level: an award suggestion must keep them.
_MARKERS = frozenset({"tld", "tong", "ldld", "ubnd", "tinh", "bo", "nganh", "chinh", "phu", "thu", "tuong", "nuoc",
                      "toan", "quoc", "huyen", "xa"})
_AWARD_KINDS = ("huan chuong", "co thi dua", "bang khen", "giay khen", "chien si thi dua", "bang lao dong sang tao",
                "lao dong xuat sac")


def _key(text: str) -> str:
    """How a written name is compared: folded (no marks, đ → d, lower case), hyphens and runs of spaces as one space."""
    return " ".join(fold(text).replace("-", " ").split())


@dataclass
class Vocabularies:
    by_name: dict[str, Vocabulary]
    labels: dict[str, Any]

    def __getitem__(self, name: str) -> Vocabulary:
        return self.by_name[name]

    def award_precedence(self, form_id: str) -> int:
        term = self.by_name["award_forms"].terms.get(form_id)
        return int(term.get("precedence", 10_000)) if term else 10_000


def _load_terms(name: str, path: Path, label: str, root: Path, problems: Problems) -> Vocabulary:
    file_name, what, extra_keys = VOCABULARIES[name]
    shown = relative(path, root)
    vocabulary = Vocabulary(name, what, shown)
    if not path.exists():
        problems.error(shown, 0, name, f"thiếu tệp danh mục {what}",
                       f"tạo tệp {shown} (xem tệp mẫu trong kho mã nguồn)")
        return vocabulary
    text = read_text(path, shown, problems, path.parent.parent, limits.DATA_FILE_BYTES)
    parsed = parse_yaml(clean_text(text), shown, problems) if text is not None else None
    if parsed is None:
        return vocabulary
    data, lines = parsed
    if not isinstance(data, list):
        problems.error(shown, 1, name, f"danh mục {what} phải là một danh sách, mỗi mục bắt đầu bằng '- id:'",
                       "xem ví dụ ở đầu tệp")
        return vocabulary
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        if not isinstance(item, dict):
            problems.error(shown, line, f"[{index}]", "mỗi mục phải có dạng 'id: ...' và 'name: ...'",
                           "xem các mục khác trong tệp")
            continue
        term_id = str(item.get("id", "")).strip()
        term_name = str(item.get("name", "")).strip()
        if not term_id:
            problems.error(shown, line, "id", "thiếu mã (id)", "thêm dòng 'id: ma-khong-dau' cho mục này")
            continue
        if not is_slug(term_id):
            problems.error(shown, lines.get((index, "id"), line), "id",
                           f'mã "{term_id}" chỉ được gồm chữ thường không dấu, số và dấu gạch ngang',
                           f'đổi thành "{slugify(term_id)}"')
            continue
        if term_id in vocabulary.terms:
            problems.error(shown, lines.get((index, "id"), line), "id",
                           f'mã "{term_id}" bị trùng (đã có ở dòng {vocabulary.terms[term_id].line})',
                           "mỗi mục cần một mã riêng")
            continue
        if not term_name:
            problems.error(shown, line, "name", f'mục "{term_id}" thiếu tên (name)', "thêm dòng 'name: Tên đầy đủ'")
        else:
            name_line = lines.get((index, "name"), line)
            term_name = text_quality.check(
                term_name, "name",
                lambda severity, _f, message, hint: (problems.error if severity == "error" else problems.warning)(
                    shown, name_line, f"{term_id}.name", message, hint))
        extra = {}
        for key, value in item.items():
            if key in ("id", "name"):
                continue
            if key not in extra_keys:
                hint = did_you_mean(str(key), ("id", "name") + extra_keys)
                problems.error(shown, lines.get((index, key), line), str(key),
                               f"trường không dùng trong danh mục {what}",
                               hint or f"các trường dùng được: id, name, {', '.join(extra_keys)}")
                continue
            expected = _EXTRA_TYPES.get(key)
            if expected is not None and value is not None and not _has_type(value, expected):
                problems.error(shown, lines.get((index, key), line), f"{term_id}.{key}",
                               f"giá trị của {key} phải là {_TYPE_WORDS[expected]}",
                               f"xem các mục khác trong {shown}")
                continue
            extra[key] = value
        vocabulary.terms[term_id] = Term(term_id, term_name, line, extra)
    return vocabulary


def _check_award_forms(vocabularies: dict[str, Vocabulary], problems: Problems) -> None:
    forms = vocabularies["award_forms"]
    for term in forms.terms.values():
        precedence = term.get("precedence")
        if not isinstance(precedence, int) or isinstance(precedence, bool):
            problems.error(forms.path, term.line, f"{term.id}.precedence",
                           "thiếu thứ bậc (precedence) hoặc không phải số nguyên",
                           "ghi một số nguyên, số nhỏ hơn là hình thức cao hơn, ví dụ: precedence: 100")
        recipients = term.get("recipients", list(RECIPIENT_KINDS))
        if not isinstance(recipients, list) or any(r not in RECIPIENT_KINDS for r in recipients):
            problems.error(forms.path, term.line, f"{term.id}.recipients",
                           "đối tượng khen thưởng không hợp lệ",
                           "ghi [ca-nhan], [tap-the] hoặc [ca-nhan, tap-the]")


def _check_units(vocabularies: dict[str, Vocabulary], problems: Problems) -> None:
    units = vocabularies["units"]
    for term in units.terms.values():
        for key, target in (("locality", "localities"), ("field", "fields")):
            value = term.get(key)
            if value is not None and value not in vocabularies[target]:
                problems.error(units.path, term.line, f"{term.id}.{key}",
                               f'không có {vocabularies[target].label} "{value}"',
                               vocabularies[target].suggestion(str(value))
                               or f"xem danh sách trong {vocabularies[target].path}")


def _check_issuers(vocabularies: dict[str, Vocabulary], problems: Problems) -> None:
    issuers = vocabularies["issuers"]
    for term in issuers.terms.values():
        parent = term.get("parent")
        if parent is not None and (parent not in issuers or parent == term.id):
            problems.error(issuers.path, term.line, f"{term.id}.parent", f'không có cơ quan cấp trên "{parent}"',
                           issuers.suggestion(str(parent)) or "ghi mã một cơ quan khác trong tệp này")


def load_vocabularies(data_dir: Path, root: Path, problems: Problems) -> Vocabularies:
    by_name = {name: _load_terms(name, data_dir / spec[0], spec[1], root, problems)
               for name, spec in VOCABULARIES.items()}
    _check_award_forms(by_name, problems)
    _check_units(by_name, problems)
    _check_issuers(by_name, problems)
    labels = load_labels(data_dir / "labels.yml", root, problems)
    return Vocabularies(by_name, labels)


DEFAULT_LABELS = Path(__file__).parents[1] / "templates" / "labels.yml"


def load_labels(path: Path, root: Path, problems: Problems) -> dict[str, Any]:
    """Default UI labels, overridden key by key by content/data/labels.yml; a key the defaults do
    not have, or a group written as a single text (or the reverse), is reported."""
    labels = load_package_data(DEFAULT_LABELS)
    if not path.exists():
        return labels
    shown = relative(path, root)
    text = read_text(path, shown, problems, path.parent.parent, limits.DATA_FILE_BYTES)
    parsed = parse_yaml(clean_text(text), shown, problems) if text is not None else None
    if parsed is None:
        return labels
    override, lines = parsed
    if override is None:
        return labels
    if not isinstance(override, dict):
        problems.error(shown, 1, "labels", "tệp nhãn phải gồm các dòng 'khóa: chữ'", "xem templates/labels.yml trong mã nguồn")
        return labels
    _merge_labels(labels, override, (), lines, shown, problems)
    return labels


def _merge_labels(base: dict, override: dict, path: tuple, lines: dict, shown: str, problems: Problems) -> None:
    for key, value in override.items():
        where = lines.get(path + (key,), 1)
        dotted = ".".join(map(str, path + (key,)))
        if key not in base:
            hint = did_you_mean(str(key), [str(k) for k in base]) or "xem các khóa có sẵn trong templates/labels.yml"
            problems.warning(shown, where, dotted, "nhãn này không có trong giao diện nên không được dùng", hint)
            continue
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                problems.error(shown, where, dotted, "đây là một nhóm nhãn, cần ghi các nhãn con bên dưới",
                               "thụt lề các dòng 'khóa: chữ' bên dưới, như trong templates/labels.yml")
                continue
            _merge_labels(base[key], value, path + (key,), lines, shown, problems)
        elif isinstance(value, (dict, list)) or value is None:
            problems.error(shown, where, dotted, "nhãn phải là một dòng chữ", "ghi dạng 'khóa: chữ'")
        else:
            base[key] = text_quality.check(str(value), dotted, lambda severity, _f, message, hint: (
                problems.error if severity == "error" else problems.warning)(shown, where, dotted, message, hint))
