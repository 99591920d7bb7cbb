"""First validation pass: each file on its own against the schema and the vocabularies.

References between entries (movements, people, initiatives) are checked in the
second pass, by the catalog, once every file is loaded.
"""

from __future__ import annotations

import os
import re
from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..media import photos as images
from . import spreadsheet
from ..text import quality as text_quality
from .entries import ENTRY_TYPES, OBJECT_TYPES, Entry, HonourRoll, Model, Person, Photo, Recipient
from .frontmatter import FrontMatter, read_text, split
from .honour_sheet import SheetRow, SheetTable, read_table, split_honorific
from ..problems import Problems, Severity, did_you_mean, relative
from .schema import COLLECTIONS, Collection, Field
from ..text.vietnamese import clean_text, is_slug, nfc, slugify
from .vocabulary import Vocabularies

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
HONOUR_RECIPIENTS = COLLECTIONS["honours"].field("recipients")
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TRUE = {"co", "có", "yes", "true", "dung", "đúng"}
_FALSE = {"khong", "không", "no", "false", "sai"}

_Invalid = object()


class FileContext:
    """What the coercers need to report a problem and resolve a path for one file."""

    def __init__(self, label: str, file: Path, content_root: Path, fm: FrontMatter,
                 vocabularies: Vocabularies, problems: Problems, project_root: Path | None = None,
                 depends: list[Path] | None = None):
        self.label = label
        self.file = file
        self.content_root = content_root
        self.project_root = project_root or content_root.parent
        self.fm = fm
        self.vocabularies = vocabularies
        self.problems = problems
        self.depends = [] if depends is None else depends  # other files the result was read from

    def line(self, path: tuple) -> int:
        return self.fm.line(*path)

    def where(self, path: tuple) -> str:
        return _dotted(path)

    def cells(self) -> tuple[tuple[str, str], ...]:
        return ()

    def error(self, path: tuple, message: str, hint: str = "") -> None:
        self.problems.error(self.label, self.line(path), self.where(path), message, hint)

    def warning(self, path: tuple, message: str, hint: str = "") -> None:
        self.problems.warning(self.label, self.line(path), self.where(path), message, hint)

    def text_report(self, path: tuple) -> text_quality.Report:
        def report(severity: str, _field: str, message: str, hint: str) -> None:
            (self.error if severity == "error" else self.warning)(path, message, hint)
        return report


class SheetContext(FileContext):
    """One spreadsheet row: problems name the sheet file and row, and the sheet and column in the field part."""

    def __init__(self, label: str, file: Path, content_root: Path, row: SheetRow,
                 vocabularies: Vocabularies, problems: Problems):
        super().__init__(label, file, content_root, FrontMatter({}), vocabularies, problems)
        self.row = row

    def line(self, path: tuple) -> int:
        return self.row.number

    def where(self, path: tuple) -> str:
        name = next((part for part in reversed(path) if isinstance(part, str)), "name")
        return self.row.columns.get(name) or self.row.columns.get("name", "")

    def cells(self) -> tuple[tuple[str, str], ...]:
        return tuple(self.row.columns.items())


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "phần thông tin"


def _example(field: Field) -> str:
    if field.example is None:
        return ""
    if isinstance(field.example, list):
        return f"{field.name}: [{', '.join(map(str, field.example))}]"
    return f"{field.name}: {field.example}"


# ------------------------------------------------------------------ coercers

def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for pattern, order in ((_YMD, (0, 1, 2)), (_DMY, (2, 1, 0))):
            match = pattern.match(value)
            if match:
                parts = [int(g) for g in match.groups()]
                try:
                    return date(parts[order[0]], parts[order[1]], parts[order[2]])
                except ValueError:
                    return None
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return None


def _coerce(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    kind = field.type
    if kind in ("line", "text", "image"):  # an image is the name of a file: one line
        text = _as_text(value)
        if text is None:
            ctx.error(path, f"{field.label} phải là chữ", f"ví dụ: {_example(field)}" if field.example else "")
            return _Invalid
        if kind != "text" and "\n" in text.strip():
            ctx.error(path, f"{field.label} chỉ được viết trên một dòng", "gộp thành một dòng")
        text = text_quality.check(text, field.name, ctx.text_report(path), plain=True, long_text=kind == "text")
        return text.strip() if kind == "text" else " ".join(text.split())
    if kind == "slug":
        text = clean_text((_as_text(value) or "").strip()).removesuffix(".md")
        if not is_slug(text):
            ctx.error(path, f'"{text}" không phải tên tệp hợp lệ',
                      f'ghi tên tệp cũ viết thường, không dấu, không có .md, ví dụ: "{slugify(text) or "ten-tep-cu"}"')
            return _Invalid
        return text
    if kind == "url":
        text = (_as_text(value) or "").strip()
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
            ctx.error(path, f'địa chỉ "{text}" không hợp lệ',
                      "ghi địa chỉ đầy đủ bắt đầu bằng https:// (hoặc http://), ví dụ: https://laichau.gov.vn/...")
            return _Invalid
        return text
    if kind == "date":
        parsed = parse_date(value)
        if parsed is None:
            ctx.error(path, f'ngày "{value}" không hợp lệ',
                      "ghi theo dạng năm-tháng-ngày (2025-02-26) hoặc ngày/tháng/năm (26/02/2025)")
            return _Invalid
        return parsed
    if kind == "year":
        year = value if isinstance(value, int) and not isinstance(value, bool) else None
        if isinstance(value, str) and value.strip().isdigit():
            year = int(value)
        if year is None or not 1900 <= year <= 2100:
            ctx.error(path, f'năm "{value}" không hợp lệ', "ghi năm bằng 4 chữ số, ví dụ: 2020")
            return _Invalid
        return year
    if kind == "bool":
        if isinstance(value, bool):
            return value
        folded = str(value).strip().lower()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        ctx.error(path, f'giá trị "{value}" không phải có/không', f"ghi {field.name}: true (có) hoặc {field.name}: false (không)")
        return _Invalid
    if kind == "choice":
        text = _as_text(value)
        if text not in field.choices:
            hint = did_you_mean(str(value), field.choices) or f"chọn một trong: {', '.join(field.choices)}"
            ctx.error(path, f'giá trị "{value}" không hợp lệ', hint)
            return _Invalid
        return text
    if kind == "ref":
        return _coerce_ref(field, value, path, ctx)
    if kind == "refs":
        items = value if isinstance(value, list) else [value]
        out = []
        for index, item in enumerate(items):
            ref = _coerce_ref(field, item, path + (index,) if isinstance(value, list) else path, ctx)
            if ref is _Invalid:
                continue
            if ref in out:
                ctx.warning(path + (index,), f'"{ref}" được ghi hai lần', "xóa dòng lặp")
                continue
            out.append(ref)
        return out
    if kind == "lines":
        items = value if isinstance(value, list) else [value]
        out = []
        for index, item in enumerate(items):
            text = _as_text(item)
            item_path = path + (index,) if isinstance(value, list) else path
            if text is None:
                ctx.error(item_path, f"mỗi dòng của {field.label} phải là chữ", "ghi mỗi ý một dòng bắt đầu bằng '- '")
                continue
            out.append(" ".join(text_quality.check(text, field.name, ctx.text_report(item_path)).split()))
        return out
    if kind == "object":
        return _coerce_object(field, value, path, ctx)
    if kind == "objects":
        if not isinstance(value, list):
            ctx.error(path, f"{field.label} phải là một danh sách, mỗi mục bắt đầu bằng '- '",
                      "xem ví dụ trong tệp mẫu")
            return _Invalid
        out = []
        for index, item in enumerate(value):
            if _blank(item):
                continue
            obj = _coerce_object(field, item, path + (index,), ctx)
            if obj is not _Invalid:
                out.append(obj)
        return out
    raise AssertionError(f"unknown field type {kind}")


def _coerce_ref(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    text = _as_text(value)
    if not text:
        ctx.error(path, f"{field.label} phải là một mã", f"ví dụ: {_example(field)}" if field.example else "")
        return _Invalid
    text = clean_text(text).strip()
    if field.vocabulary:
        vocabulary = ctx.vocabularies[field.vocabulary]
        if text not in vocabulary:
            hint = vocabulary.suggestion(text)
            hint = (hint + " " if hint else "") + f"danh sách ở {vocabulary.path}; nếu chưa có, thêm vào đó"
            ctx.error(path, f'không có {vocabulary.label} mã "{text}"', hint)
            return _Invalid
    elif not is_slug(text):
        ctx.error(path, f'"{text}" không phải tên tệp hợp lệ',
                  f'ghi tên tệp không dấu, không có .md, ví dụ: "{slugify(text.removesuffix(".md"))}"')
        return _Invalid
    return text


def _coerce_object(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    if not isinstance(value, dict):
        names = ", ".join(f.name for f in field.fields)
        ctx.error(path, f"{field.label}: mỗi mục phải gồm các trường ({names})", "xem ví dụ trong tệp mẫu")
        return _Invalid
    values = _coerce_fields(field.fields, value, path, ctx)
    if values is None:
        return _Invalid
    if field.name in ("photos", "photo"):
        return _resolve_photo(values, path, ctx)
    if field.name == "recipients":
        return _recipient(values, path, ctx)
    return OBJECT_TYPES[field.name](**values)


def _blank(value: Any) -> bool:
    """Nothing filled in: also a template's award or photo block left empty, which means 'none'."""
    if value is None or value == "":
        return True
    if isinstance(value, list):
        return all(_blank(item) for item in value)
    if isinstance(value, dict):
        return all(_blank(item) for item in value.values())
    return False


_NAMES: dict[int, frozenset[str]] = {}


def _names(schema: tuple[Field, ...]) -> frozenset[str]:
    names = _NAMES.get(id(schema))
    if names is None:
        names = _NAMES[id(schema)] = frozenset(f.name for f in schema)
    return names


def _coerce_fields(schema: tuple[Field, ...], data: dict, path: tuple, ctx: FileContext) -> dict | None:
    known = _names(schema)
    ok = True
    for key in data:
        if key not in known:
            hint = did_you_mean(str(key), known) or f"các trường dùng được: {', '.join(sorted(known))}"
            ctx.error(path + (key,), "trường không có trong mẫu", hint)
            ok = False
    values: dict[str, Any] = {}
    for field in schema:
        value = data.get(field.name)
        if _blank(value):
            if field.required:
                example = _example(field)
                ctx.error(path + (field.name,), f"thiếu trường bắt buộc {field.name} ({field.label})",
                          f"thêm dòng {example}" if example else f"thêm trường {field.name}")
                ok = False
            continue
        coerced = _coerce(field, value, path + (field.name,), ctx)
        if coerced is _Invalid:
            ok = False
            continue
        values[field.name] = coerced
    return values if ok else None


def _resolve_in_content(name: str, path: tuple, ctx: FileContext, suffixes: tuple[str, ...], what: str,
                        kinds: str) -> Path | None:
    """A file named in content, next to the entry or from content/ with a leading '/'; never outside it."""
    target = (ctx.content_root / name.lstrip("/")) if name.startswith("/") else (ctx.file.parent / name)
    ctx.depends.append(target)
    try:
        resolved = target.resolve()
        resolved.relative_to(ctx.content_root.resolve())
    except (ValueError, OSError):
        ctx.error(path, f'{what} "{name}" nằm ngoài thư mục content/',
                  f"đặt {what} cạnh tệp này hoặc trong content/media/ và ghi tên tệp")
        return None
    if resolved.suffix.lower() not in suffixes:
        ctx.error(path, f'"{name}" không phải {what} được hỗ trợ', f"dùng {kinds}")
        return None
    if not resolved.is_file():
        ctx.depends.append(ctx.file.parent)
        nearby = [p.name for p in ctx.file.parent.iterdir() if p.suffix.lower() in suffixes] \
            if ctx.file.parent.is_dir() else []
        hint = did_you_mean(Path(name).name, nearby) or \
            f"tải {what} lên cùng thư mục với tệp này và ghi đúng tên (phân biệt hoa thường)"
        ctx.error(path, f'không tìm thấy {what} "{name}"', hint)
        return None
    return resolved


def _resolve_photo(values: dict, path: tuple, ctx: FileContext) -> Any:
    name = values["file"]
    resolved = _resolve_in_content(name, path + ("file",), ctx, tuple(IMAGE_SUFFIXES), "ảnh", "ảnh JPEG, PNG hoặc WebP")
    if resolved is None:
        return _Invalid
    problem = images.quick_check(resolved)
    if problem:
        ctx.warning(path + ("file",), f'ảnh "{name}" không đăng được: {problem[0]}',
                    problem[1] + "; trang vẫn được đăng, không có ảnh này")
        resolved = None  # left out of the build; reported once, here
    return Photo(file=name, alt=values["alt"], caption=values.get("caption", ""), path=resolved)


def _recipient(values: dict, path: tuple, ctx: FileContext) -> Any:
    """A recipient, with 'Ông'/'Bà' moved from the name into `gender` and where staff wrote it."""
    if values["kind"] == "ca-nhan":
        name, gender = split_honorific(values["name"])
        if gender and values.get("gender") and gender != values["gender"]:
            ctx.warning(path + ("gender",), f'danh xưng trong tên "{values["name"]}" khác với giới tính đã ghi',
                        "kiểm tra lại Ông/Bà hoặc giới tính")
        values = {**values, "name": name, "gender": values.get("gender") or gender or ""}
    if values.get("award") and not _award_fits(values["award"], values["kind"], values["name"],
                                               path + ("award",), ctx.error, ctx):
        return _Invalid
    return Recipient(**values, origin=ctx.label, line=ctx.line(path), cells=ctx.cells())


def _award_fits(form: str, kind: str, name: str, where: Any, complain: Any, ctx: FileContext) -> bool:
    """Whether an award form may go to a collective or an individual (`recipients` in award_forms.yml)."""
    forms = ctx.vocabularies["award_forms"]
    term = forms.terms.get(form)
    if term is None or kind in term.get("recipients", [kind]):
        return True
    label = "tập thể" if kind == "tap-the" else "cá nhân"
    complain(where, f'"{term.name}" không dùng để khen {label} ("{name}")',
           f"kiểm tra lại hình thức hoặc đối tượng; đối tượng của từng hình thức ghi ở {forms.path}")
    return False


def recipients_from_sheet(file: Path, label: str, content_root: Path, vocabularies: Vocabularies,
                          problems: Problems) -> tuple[list[Recipient], SheetTable] | None:
    """Recipients of a spreadsheet, checked as YAML recipients are; None when any row has an error."""
    own = Problems()
    table = read_table(file, label, own, vocabularies["award_forms"])
    recipients: list[Recipient] = []
    if table is not None:
        for index, row in enumerate(table.rows):
            ctx = SheetContext(label, file, content_root, row, vocabularies, own)
            recipient = _coerce_object(HONOUR_RECIPIENTS, row.values, ("recipients", index), ctx)
            if recipient is not _Invalid:
                recipients.append(recipient)
        if not table.rows:
            own.error(label, 0, "tệp", "bảng có dòng tiêu đề cột nhưng không có dòng dữ liệu nào",
                      "điền tập thể, cá nhân vào các dòng dưới dòng tiêu đề")
    problems.extend(own.items)
    if table is None or own.errors:
        return None
    return recipients, table


# ------------------------------------------------------------------ per collection

def _check_awards(entry: Entry, ctx: FileContext) -> None:
    if isinstance(entry, Person):
        recipient, label = "ca-nhan", "cá nhân"
    elif isinstance(entry, Model) and entry.kind == "tap-the":
        recipient, label = "tap-the", "tập thể"
    else:
        return
    forms = ctx.vocabularies["award_forms"]
    for index, award in enumerate(getattr(entry, "awards", [])):
        term = forms.terms.get(award.form)
        if term and recipient not in term.get("recipients", [recipient]):
            ctx.error(("awards", index, "form"), f'"{term.name}" không dùng để khen {label}',
                      f"kiểm tra lại hình thức; đối tượng của hình thức này ghi ở {forms.path}")


def _check_person(person: Person, ctx: FileContext) -> None:
    consent = person.consent
    if (consent.photo or consent.biography) and consent.date is None:
        ctx.error(("consent", "date"), "có đồng ý nhưng chưa ghi ngày đồng ý",
                  "thêm 'date: 2025-03-01' (ngày ký giấy đồng ý) vào phần consent")
    if person.photo and not consent.photo:
        ctx.warning(("photo",), "ảnh sẽ không được đăng vì chưa có đồng ý đăng ảnh",
                    "khi cá nhân đồng ý bằng văn bản, ghi consent: photo: true và ngày đồng ý")


def _check_locality_in_force(entry: Entry, ctx: FileContext) -> None:
    """Localities are data with an end (districts ended on 1 July 2025): an entry dated later that
    still names one is probably out of date."""
    locality = ctx.vocabularies["localities"].terms.get(getattr(entry, "locality", "") or "")
    until = locality.get("until") if locality else None
    if entry.date and isinstance(until, date) and entry.date > until:
        ctx.warning(("locality",), f'địa bàn "{locality.name}" chỉ còn đến ngày {until.strftime("%d/%m/%Y")}, '
                    f"mục này đăng ngày {entry.date.strftime('%d/%m/%Y')}",
                    "chọn địa bàn mới (xã, phường) trong content/data/localities.yml; nếu chưa có, thêm vào đó")


def _inherit_from_unit(entry: Entry, unit_id: str, vocabularies: Vocabularies) -> None:
    unit = vocabularies["units"].terms.get(unit_id)
    if not unit:
        return
    if not getattr(entry, "field", "") and unit.get("field"):
        entry.field = unit.get("field")
    if not getattr(entry, "locality", "") and unit.get("locality"):
        entry.locality = unit.get("locality")


def _check_body(body: str, body_line: int, ctx: FileContext) -> None:
    found: list[tuple] = []
    text_quality.check(body, "nội dung", lambda *a: found.append(a), plain=False, long_text=True)
    if not found:
        return
    located = 0
    for offset, line in enumerate(body.split("\n")):
        def report(severity, _field, message, hint, line_no=body_line + offset):
            nonlocal located
            located += 1
            add = ctx.problems.error if severity == "error" else ctx.problems.warning
            add(ctx.label, line_no, "nội dung", message, hint)
        text_quality.check(line, "nội dung", report, plain=False)
    if not located:
        for severity, _field, message, hint in found:
            add = ctx.problems.error if severity == "error" else ctx.problems.warning
            add(ctx.label, body_line, "nội dung", message, hint)


def _check_honour_roll(roll: HonourRoll, ctx: FileContext) -> bool:
    """Recipients inline or from a spreadsheet, each with an award that fits it; False when unusable."""
    if roll.recipients_file:
        if roll.recipients:
            ctx.error(("recipients_file",), "có cả recipients và recipients_file",
                      "chỉ dùng một trong hai: danh sách ghi trong tệp này hoặc tệp Excel/CSV")
            return False
        sheet = _resolve_in_content(roll.recipients_file, ("recipients_file",), ctx, spreadsheet.SUFFIXES,
                                    "tệp danh sách", "tệp Excel (.xlsx) hoặc CSV")
        if sheet is None:
            return False
        read = recipients_from_sheet(sheet, relative(sheet, ctx.project_root), ctx.content_root,
                                     ctx.vocabularies, ctx.problems)
        if read is None:
            return False
        roll.recipients = read[0]
    if not roll.recipients:
        ctx.error(("recipients",), "danh sách chưa có tập thể, cá nhân nào",
                  "thêm recipients (mỗi tập thể, cá nhân một mục) hoặc recipients_file: ten-tep.xlsx")
        return False
    if roll.kind == "khen-thuong" and roll.decision is None:
        ctx.error(("decision",), "danh sách khen thưởng thiếu quyết định",
                  "thêm decision: với number (số quyết định) và date (ngày ký)")
    ok = True
    for index, recipient in enumerate(roll.recipients):
        if recipient.award:
            continue  # checked with the recipient
        where = roll.where(index, "award")
        if not roll.award:
            if roll.kind == "khen-thuong":
                ctx.problems.error(*where, "chưa có hình thức khen thưởng",
                                   "ghi hình thức cho dòng này, hoặc award: chung cho cả danh sách")
                ok = False
        elif not _award_fits(roll.award, recipient.kind, recipient.name, ("award",), ctx.error, ctx):
            ok = False
    return ok


def validate_file(collection: Collection, file: Path, project_root: Path, content_root: Path,
                  vocabularies: Vocabularies, problems: Problems, depends: list[Path] | None = None) -> Entry | None:
    """The typed entry, or None when the file has errors; `depends` gets the other files it read.

    Errors in an entry marked `draft: true` are reported as warnings: the draft is
    simply not published, and a colleague's unfinished draft does not block the site.
    """
    own = Problems()
    entry = _validate_file(collection, file, project_root, content_root, vocabularies, own, depends)
    is_draft = entry.draft if entry else _declares_draft(file)
    for problem in own.items:
        if is_draft and problem.severity is Severity.ERROR:
            problems.warning(problem.path, problem.line, problem.field,
                             f"(bản nháp, chưa được đăng) {problem.message}", problem.hint, problem.column)
        else:
            problems.items.append(problem)
    return None if own.errors else entry


def _declares_draft(file: Path) -> bool:
    """Whether the front matter says `draft: true`, read line by line up to its closing '---'."""
    try:
        lines = file.read_text(encoding="utf-8-sig", errors="replace").split("\n")
    except OSError:
        return False
    for line in lines[1:]:
        if line.strip() == "---":
            return False
        if line.replace(" ", "").lower() in ("draft:true", "draft:yes", "draft:có"):
            return True
    return False


def _validate_file(collection: Collection, file: Path, project_root: Path, content_root: Path,
                   vocabularies: Vocabularies, problems: Problems, depends: list[Path] | None) -> Entry | None:
    label = relative(file, project_root)
    stem = file.stem
    entry_id = stem
    if not is_slug(stem):
        entry_id = slugify(stem)
        problems.error(label, 1, "tên tệp",
                       f'tên tệp "{file.name}" phải viết thường, không dấu, nối bằng dấu gạch ngang',
                       f'đổi tên tệp thành "{entry_id}.md"')
    text = read_text(file, label, problems)
    if text is None:
        return None
    # NFC only: look-alikes and invisible characters stay for the checks to see and report.
    fm = split(nfc(text), label, problems)
    if fm is None:
        return None
    ctx = FileContext(label, file, content_root, fm, vocabularies, problems, project_root, depends)
    values = _coerce_fields(collection.fields, fm.data, (), ctx)
    if values is None:
        return None
    if collection.title_field != "title":
        values["title"] = values.pop(collection.title_field)
    entry_type = ENTRY_TYPES[collection.name]
    accepted = {f.name for f in dataclass_fields(entry_type)}
    _check_body(fm.body, fm.body_line, ctx)
    entry = entry_type(collection=collection.name, id=entry_id, path=label, body_line=fm.body_line,
                       file=file, **{k: v for k, v in values.items() if k in accepted})
    if isinstance(entry, Person):
        _inherit_from_unit(entry, entry.unit, vocabularies)
        _check_person(entry, ctx)
    elif isinstance(entry, Model):
        if entry.units:
            _inherit_from_unit(entry, entry.units[0], vocabularies)
    elif isinstance(entry, HonourRoll) and not _check_honour_roll(entry, ctx):
        return None
    _check_awards(entry, ctx)
    _check_locality_in_force(entry, ctx)
    if getattr(entry, "start_year", None) and getattr(entry, "end_year", None) and entry.end_year < entry.start_year:
        ctx.error(("end_year",), "năm kết thúc trước năm bắt đầu", "kiểm tra lại start_year và end_year")
    return entry


def discover(content_root: Path) -> dict[str, list[Path]]:
    """Entry files of each collection, in subfolders too; names starting with _ or . are skipped."""
    found: dict[str, list[Path]] = {}
    for name in COLLECTIONS:
        files: list[str] = []
        for folder, subfolders, names in os.walk(content_root / name):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(("_", ".")))
            files.extend(os.path.join(folder, n) for n in names
                         if n.endswith(".md") and not n.startswith(("_", ".")))
        found[name] = [Path(f) for f in sorted(files)]
    return found
