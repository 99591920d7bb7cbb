"""Coercion: front matter values (or spreadsheet cells) → typed values, one field type at a time.

Every problem names the file, the line and the field, with a hint; a value that cannot be used
becomes INVALID and the entry is not published. Files a field names (photos, spreadsheets) are
resolved inside the content tree only.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from ..problems import Problems, did_you_mean
from ..progress import number
from ..text import characters
from ..text import quality as text_quality
from . import limits
from ..text.vietnamese import clean_text, fold, is_slug, slugify
from .entries import OBJECT_TYPES, Photo, Recipient
from .frontmatter import FrontMatter
from .honour_sheet import SheetRow, SheetTable, is_part_name, read_table, split_honorific
from .photo_files import quick_check
from .reading import inside
from .schema import COLLECTIONS, Field
from .vocabulary import Vocabularies

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
HONOUR_RECIPIENTS = COLLECTIONS["honours"].field("recipients")
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TRUE = {"co", "có", "yes", "true", "dung", "đúng"}
_FALSE = {"khong", "không", "no", "false", "sai"}

INVALID = object()  # a value that cannot be used; its problem is already reported


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


def _text(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    """line, text and image (the name of a file: one line)."""
    text = _as_text(value)
    if text is None:
        ctx.error(path, f"{field.label} phải là chữ", f"ví dụ: {_example(field)}" if field.example else "")
        return INVALID
    if field.type != "text" and "\n" in text.strip():
        ctx.error(path, f"{field.label} chỉ được viết trên một dòng", "gộp thành một dòng")
    if not _within_limit(field, text, path, ctx):
        return INVALID
    long_text = field.type == "text"
    text = text_quality.check(text, field.name, ctx.text_report(path), plain=True, long_text=long_text)
    return text.strip() if long_text else " ".join(text.split())


def _within_limit(field: Field, text: str, path: tuple, ctx: FileContext) -> bool:
    limit = limits.FIELD_CHARACTERS.get(field.type, limits.FIELD_CHARACTERS["line"])
    if len(text) <= limit:
        return True
    ctx.error(path, f"{field.label} quá dài ({number(len(text))} ký tự, tối đa {number(limit)})",
              "rút gọn; nội dung dài đặt ở phần giới thiệu bên dưới dấu ---" if field.type != "lines"
              else "tách thành nhiều dòng ngắn hơn")
    return False


def _slug(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    text = clean_text((_as_text(value) or "").strip()).removesuffix(".md")
    if not is_slug(text):
        ctx.error(path, f'"{text}" không phải tên tệp hợp lệ',
                  f'ghi tên tệp cũ viết thường, không dấu, không có .md, ví dụ: "{slugify(text) or "ten-tep-cu"}"')
        return INVALID
    return text


def _url(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    text = (_as_text(value) or "").strip()
    parts = urlsplit(text)
    if (parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text)
            or len(text) > limits.FIELD_CHARACTERS["line"] * 4 or characters.ANY.search(text)):
        ctx.error(path, f'địa chỉ "{text}" không hợp lệ',
                  "ghi địa chỉ đầy đủ bắt đầu bằng https:// (hoặc http://), ví dụ: https://laichau.gov.vn/...")
        return INVALID
    return text


def _date(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    parsed = parse_date(value)
    if parsed is None:
        impossible = _impossible_day(value)
        if impossible:
            ctx.error(path, f'ngày "{value}" không có: {impossible}', "kiểm tra lại ngày trên văn bản gốc")
        else:
            ctx.error(path, f'ngày "{value}" không hợp lệ',
                      "ghi theo dạng năm-tháng-ngày (2025-02-26) hoặc ngày/tháng/năm (26/02/2025)")
        return INVALID
    return parsed


def _impossible_day(value: Any) -> str:
    """Why a date written in a right format does not exist ('tháng 2 năm 2024 chỉ có 29 ngày'), or ""."""
    if not isinstance(value, str):
        return ""
    for pattern, order in ((_YMD, (0, 1, 2)), (_DMY, (2, 1, 0))):
        match = pattern.match(value)
        if match:
            parts = [int(g) for g in match.groups()]
            year, month, day = (parts[i] for i in order)
            if not 1 <= month <= 12:
                return f"tháng {month} không có (tháng từ 1 đến 12)"
            last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
            if not 1 <= day <= last:
                return f"tháng {month} năm {year} chỉ có {last} ngày"
    return ""


def _year(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    year = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isdigit():
        year = int(value)
    if year is None or not 1900 <= year <= 2100:
        ctx.error(path, f'năm "{value}" không hợp lệ', "ghi năm bằng 4 chữ số, ví dụ: 2020")
        return INVALID
    return year


def _bool(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    if isinstance(value, bool):
        return value
    folded = str(value).strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    ctx.error(path, f'giá trị "{value}" không phải có/không', f"ghi {field.name}: true (có) hoặc {field.name}: false (không)")
    return INVALID


def _choice(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    text = _as_text(value)
    if text not in field.choices:
        hint = did_you_mean(str(value), field.choices) or f"chọn một trong: {', '.join(field.choices)}"
        ctx.error(path, f'giá trị "{value}" không hợp lệ', hint)
        return INVALID
    return text


def _refs(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    items = value if isinstance(value, list) else [value]
    out = []
    for index, item in enumerate(items):
        ref = _coerce_ref(field, item, path + (index,) if isinstance(value, list) else path, ctx)
        if ref is INVALID:
            continue
        if ref in out:
            ctx.warning(path + (index,), f'"{ref}" được ghi hai lần', "xóa dòng lặp")
            continue
        out.append(ref)
    return out


def _lines(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    items = value if isinstance(value, list) else [value]
    out = []
    for index, item in enumerate(items):
        if isinstance(item, dict) and len(item) == 1:
            (key, rest), = item.items()  # "- Lưu: VT." is read by YAML as a pair; staff meant the line
            item = f"{key}: {rest}" if _as_text(rest) is not None else item
        text = _as_text(item)
        item_path = path + (index,) if isinstance(value, list) else path
        if text is None:
            ctx.error(item_path, f"mỗi dòng của {field.label} phải là chữ", "ghi mỗi ý một dòng bắt đầu bằng '- '")
            continue
        if not _within_limit(field, text, item_path, ctx):
            continue
        out.append(" ".join(text_quality.check(text, field.name, ctx.text_report(item_path)).split()))
    return out


def _objects(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    if not isinstance(value, list):
        ctx.error(path, f"{field.label} phải là một danh sách, mỗi mục bắt đầu bằng '- '",
                  "xem ví dụ trong tệp mẫu")
        return INVALID
    out = []
    for index, item in enumerate(value):
        if _blank(item):
            continue
        obj = coerce_object(field, item, path + (index,), ctx)
        if obj is not INVALID:
            out.append(obj)
    return out


def _coerce(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    return COERCERS[field.type](field, value, path, ctx)


def _coerce_ref(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    text = _as_text(value)
    if not text:
        ctx.error(path, f"{field.label} phải là một mã", f"ví dụ: {_example(field)}" if field.example else "")
        return INVALID
    text = clean_text(text).strip()
    if field.vocabulary:
        vocabulary = ctx.vocabularies[field.vocabulary]
        text = vocabulary.resolve(text) or text  # "Bằng khen LĐLĐ tỉnh", the short name, means its id
        if text not in vocabulary:
            hint = vocabulary.suggestion(text)
            hint = (hint + " " if hint else "") + f"danh sách ở {vocabulary.path}; nếu chưa có, thêm vào đó"
            ctx.error(path, f'không có {vocabulary.label} mã "{text}"', hint)
            return INVALID
    elif field.collection and not is_slug(text) and any(c.isalpha() for c in text):
        return " ".join(text.split())  # perhaps an entry's title: the catalog knows the titles and says which id
    elif not is_slug(text):
        ctx.error(path, f'"{text}" không phải tên tệp hợp lệ',
                  f'ghi tên tệp không dấu, không có .md, ví dụ: "{slugify(text.removesuffix(".md"))}"')
        return INVALID
    return text


def coerce_object(field: Field, value: Any, path: tuple, ctx: FileContext) -> Any:
    if not isinstance(value, dict):
        names = ", ".join(f.name for f in field.fields)
        ctx.error(path, f"{field.label}: mỗi mục phải gồm các trường ({names})", "xem ví dụ trong tệp mẫu")
        return INVALID
    values = coerce_fields(field.fields, value, path, ctx)
    if values is None:
        return INVALID
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


def _field_by_label(key: str, schema: tuple[Field, ...]) -> str:
    """A key written in Vietnamese ("chức vụ", "Đơn vị") names the field whose label it is."""
    folded = " ".join(fold(key).replace("_", " ").split())
    for field in schema:
        if folded and folded == " ".join(fold(field.label).split()):
            return f'trường "{key}" ghi là {field.name} (tên trường viết bằng tiếng Anh, không dấu): {field.name}: …'
    return ""


def _nested_field(key: str, schema: tuple[Field, ...]) -> str:
    """A key of a list's items written at the outer level: usually an item's line that lost its indent."""
    owners = [f for f in schema if f.fields and any(inner.name == key for inner in f.fields)]
    if not owners:
        return ""
    owner = owners[0]
    return (f"{key} là trường của từng mục trong {owner.name} ({owner.label}); nếu dòng này thuộc mục ở "
            f"trên, thụt vào cho thẳng cột với chữ đầu của mục đó (ngay sau '- ')")


def coerce_fields(schema: tuple[Field, ...], data: dict, path: tuple, ctx: FileContext,
                  good: dict | None = None) -> dict | None:
    """The typed values, or None when any field has an error; `good` gets the values that were fine either way."""
    known = frozenset(f.name for f in schema)
    ok = True
    for key in data:
        if key not in known:
            hint = (_field_by_label(str(key), schema) or _nested_field(str(key), schema)
                    or did_you_mean(str(key), known)
                    or "các trường dùng được: " + ", ".join(f"{f.name} ({f.label})" for f in schema))
            ctx.error(path + (key,), "trường không có trong mẫu", hint)
            ok = False
    values: dict[str, Any] = {}
    for field in schema:
        value = data.get(field.name)
        if _blank(value):
            if field.required:
                example = _neutral_alt(ctx) if field.name == "alt" else _example(field)
                ctx.error(path + (field.name,), f"thiếu trường bắt buộc {field.name} ({field.label})",
                          f"thêm dòng {example}" if example else f"thêm trường {field.name}")
                ok = False
            continue
        coerced = _coerce(field, value, path + (field.name,), ctx)
        if coerced is INVALID:
            ok = False
            continue
        values[field.name] = coerced
    if good is not None:
        good.update(values)
    return values if ok else None


def resolve_in_content(name: str, path: tuple, ctx: FileContext, suffixes: tuple[str, ...], what: str,
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
        folder = target.parent  # where the file was looked for: next to the entry, or under content/
        ctx.depends.append(folder)
        nearby = [p.name for p in folder.iterdir() if p.suffix.lower() in suffixes] \
            if folder.is_dir() and inside(folder, ctx.content_root) else []
        hint = _closest_file(Path(name).name, nearby) or \
            f"tải {what} lên cùng thư mục với tệp này và ghi đúng tên (phân biệt hoa thường)"
        ctx.error(path, f'không tìm thấy {what} "{name}"', hint)
        return None
    return resolved


def _closest_file(name: str, nearby: list[str]) -> str:
    """A near-miss file name: another case, a missing or extra letter, another extension ('.jpeg')."""
    by_stem = {Path(n).stem.lower(): n for n in nearby}
    stem = Path(name).stem.lower()
    if stem in by_stem:
        return f'có phải ý bạn là "{by_stem[stem]}"?'
    close = difflib.get_close_matches(name.lower(), [n.lower() for n in nearby], n=1, cutoff=0.75)
    if close:
        return f'có phải ý bạn là "{next(n for n in nearby if n.lower() == close[0])}"?'
    return ""


def _neutral_alt(ctx: FileContext) -> str:
    """A starting point for a photo description that claims nothing: the entry's own name."""
    name = ctx.fm.data.get("name") if isinstance(ctx.fm.data, dict) else None
    title = ctx.fm.data.get("title") if isinstance(ctx.fm.data, dict) else None
    if isinstance(name, str) and name.strip():
        return f"alt: Ảnh chân dung {name.strip()} (sửa lại cho đúng điều ảnh cho thấy)"
    if isinstance(title, str) and title.strip():
        return f"alt: Ảnh về {title.strip()} (tả điều ảnh cho thấy: ai, làm gì, ở đâu)"
    return "alt: (tả điều ảnh cho thấy: ai, làm gì, ở đâu)"


def _resolve_photo(values: dict, path: tuple, ctx: FileContext) -> Any:
    name = values["file"]
    resolved = resolve_in_content(name, path + ("file",), ctx, tuple(IMAGE_SUFFIXES), "ảnh", "ảnh JPEG, PNG hoặc WebP")
    if resolved is None:
        return INVALID
    problem = quick_check(resolved)
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
    if values.get("award") and not award_fits(values["award"], values["kind"], values["name"],
                                               path + ("award",), ctx.error, ctx):
        return INVALID
    if not values.get("unit"):
        if values["kind"] == "ca-nhan":
            ctx.warning(path + ("name",), f'cá nhân "{values["name"]}" không có đơn vị',
                        "ghi đơn vị công tác (trường unit, hoặc cột Đơn vị của bảng) để bản in và tệp PDF đủ "
                        "thông tin như quyết định")
        elif is_part_name(values["name"]):
            ctx.warning(path + ("name",), f'tập thể "{values["name"]}" là một bộ phận nhưng không ghi thuộc đơn vị '
                        "nào", "ghi đơn vị của bộ phận này (bệnh viện, công ty, trường…) ở trường unit hoặc cột Đơn "
                        "vị; bản in ghi đơn vị dưới tên tập thể")
    return Recipient(**values, origin=ctx.label, line=ctx.line(path), cells=ctx.cells())


def award_fits(form: str, kind: str, name: str, where: Any, complain: Any, ctx: FileContext) -> bool:
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
            recipient = coerce_object(HONOUR_RECIPIENTS, row.values, ("recipients", index), ctx)
            if recipient is not INVALID:
                recipients.append(recipient)
        if not table.rows:
            own.error(label, 0, "tệp", "bảng có dòng tiêu đề cột nhưng không có dòng dữ liệu nào",
                      "điền tập thể, cá nhân vào các dòng dưới dòng tiêu đề")
    problems.extend(own.items)
    if table is None or own.errors:
        return None
    return recipients, table


# One coercer per field type of schema.Field: the typed value, or INVALID with its problem reported.
COERCERS: dict[str, Callable[[Field, Any, tuple, FileContext], Any]] = {
    "line": _text, "text": _text, "image": _text, "slug": _slug, "url": _url, "date": _date, "year": _year,
    "bool": _bool, "choice": _choice, "ref": _coerce_ref, "refs": _refs, "lines": _lines,
    "object": coerce_object, "objects": _objects,
}
