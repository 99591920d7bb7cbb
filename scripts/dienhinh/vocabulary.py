"""Controlled vocabularies: award forms, fields, localities, units, issuers, model kinds, UI labels.

They live as YAML files in content/data/ so that staff extend them in the Git
web UI (a new unit, a new commune after the 2025 reorganisation) without code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .frontmatter import parse_yaml
from .problems import Problems, did_you_mean, relative
from .vietnamese import clean_text, is_slug, slugify

RECIPIENT_KINDS = ("ca-nhan", "tap-the")

# name of the vocabulary → (file, Vietnamese label, extra keys allowed besides id/name)
VOCABULARIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "award_forms": ("award_forms.yml", "hình thức khen thưởng",
                    ("short", "issuer", "recipients", "precedence", "aliases", "note")),
    "fields": ("fields.yml", "lĩnh vực", ("note",)),
    "localities": ("localities.yml", "địa bàn", ("level", "until", "note")),
    "units": ("units.yml", "đơn vị", ("short", "locality", "field", "note")),
    "issuers": ("issuers.yml", "cơ quan phát động, khen thưởng", ("short", "parent", "note")),
    "model_kinds": ("model_kinds.yml", "loại mô hình", ("plural", "note")),
}


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

    def suggestion(self, value: str) -> str:
        return did_you_mean(value, self.terms, {k: t.name for k, t in self.terms.items()})


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
    parsed = parse_yaml(clean_text(path.read_text(encoding="utf-8-sig")), shown, problems)
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
    labels_path = data_dir / "labels.yml"
    labels: dict[str, Any] = {}
    if labels_path.exists():
        parsed = parse_yaml(clean_text(labels_path.read_text(encoding="utf-8-sig")),
                            relative(labels_path, root), problems)
        if parsed and isinstance(parsed[0], dict):
            labels = parsed[0]
    return Vocabularies(by_name, labels)
