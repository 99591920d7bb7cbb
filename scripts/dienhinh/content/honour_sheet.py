"""A staff spreadsheet of award recipients → rows of recipient fields, each cell with its sheet and column.

The sheet is read as people lay it out: title rows above the header row, a header
row with Vietnamese column names, section rows ("I. TẬP THỂ", "II. CÁ NHÂN", or a
award form as a heading), blank rows, a total line and signatures at the bottom.
What each column means comes from templates/honour_columns.yml. Values are kept as
text: validate.py checks them with the same rules as recipients written in YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..problems import Problems
from ..text.vietnamese import fold
from . import spreadsheet
from .vocabulary import Vocabulary

COLUMNS_FILE = Path(__file__).parents[1] / "templates" / "honour_columns.yml"
_NUMBERING = re.compile(r"^\s*(?:[IVXLCivxlc]+|[A-Za-z]|\d+(?:\.\d+)*)\s*[.)/:-]\s*(?=\S)")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_STT = re.compile(r"^\d+\.?$")
_HEADER_SCAN = 40  # rows searched for the header row


def key(text: str) -> str:
    """Matching form of a header or label: no case, marks or punctuation ('Họ và tên:' → 'ho va ten')."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


@dataclass(frozen=True)
class ColumnNames:
    columns: dict[str, str]  # header key → field
    header_kinds: dict[str, str]  # header key → kind
    kinds: dict[str, str]  # value key → kind
    genders: dict[str, str]
    honorifics: tuple[tuple[str, str], ...]  # (prefix as written, gender), longest first
    trailers: tuple[str, ...]
    marks: dict[str, bool]  # a yes/no cell as written ("x", "không") → its value
    part_names: tuple[str, ...]  # a collective named so is a part of a unit ("Tổ", "Khoa")
    unit_words: tuple[str, ...]  # ... unless its name goes on to name the unit ("Công ty", "Bệnh viện")


@lru_cache(maxsize=1)
def column_names() -> ColumnNames:
    data = yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))

    def index(mapping: dict) -> dict[str, str]:
        return {key(alias): target for target, aliases in mapping.items() for alias in aliases}

    honorifics = sorted(((prefix, gender or "") for prefix, gender in data["honorifics"].items()),
                        key=lambda item: -len(item[0]))
    marks = {str(mark).strip().lower(): value == "co" for value, written in data["marks"].items()
             for mark in written}
    return ColumnNames(index(data["columns"]), index(data["header_kinds"]), index(data["kinds"]),
                       index(data["genders"]), tuple(honorifics), tuple(key(t) for t in data["trailer_starts"]),
                       marks, tuple(key(t) for t in data["part_names"]), tuple(key(t) for t in data["unit_words"]))


def is_part_name(name: str) -> bool:
    """'Tổ Nữ công Khoa Sản' names a part of a unit: printed alone it does not say which hospital."""
    names = column_names()
    folded = key(name)
    part = next((p for p in names.part_names if folded == p or folded.startswith(p + " ")), None)
    return part is not None and not any(f" {word} " in f" {folded[len(part):]} " for word in names.unit_words)


def split_honorific(name: str) -> tuple[str, str | None]:
    """'Ông Nguyễn Văn An' → ('Nguyễn Văn An', 'nam'); gender None when no honorific says it."""
    for prefix, gender in column_names().honorifics:
        if name[: len(prefix)].lower() == prefix.lower() and name[len(prefix): len(prefix) + 1] in (" ", "."):
            return name[len(prefix) + 1:].strip(" ."), gender or None
    return name, None


@dataclass
class SheetRow:
    """One recipient as read: field → text, and field → where it is ('trang "DS", cột C (Họ và tên)')."""

    sheet: str
    number: int
    values: dict[str, str]
    columns: dict[str, str]


@dataclass
class SheetTable:
    rows: list[SheetRow] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)


class _AwardIndex:
    """Award forms by id, name, short name and aliases, and found inside a section heading."""

    def __init__(self, forms: Vocabulary):
        self.by_key: dict[str, str] = {}
        for term in forms.terms.values():
            for name in forms.names_of(term):
                if name:
                    self.by_key.setdefault(key(str(name)), term.id)

    def exact(self, text: str) -> str | None:
        return self.by_key.get(key(text))

    def inside(self, text: str) -> str | None:
        folded = f" {key(text)} "
        found = [(len(k), form) for k, form in self.by_key.items() if len(k) > 6 and f" {k} " in folded]
        return max(found)[1] if found else None


def award_named_in(text: str, award_forms: Vocabulary) -> str | None:
    """The award form a title names ('… được tặng Giấy khen của …' → giay-khen), if one does."""
    return _AwardIndex(award_forms).inside(text)


def read_table(path: Path, label: str, problems: Problems, award_forms: Vocabulary) -> SheetTable | None:
    """The recipient rows of every sheet that has a header row; None when the file cannot be used."""
    try:
        sheets = spreadsheet.read(path)
    except spreadsheet.SpreadsheetError as error:
        problems.error(label, 0, "tệp", error.message, error.hint)
        return None
    names = column_names()
    awards = _AwardIndex(award_forms)
    table = SheetTable()
    skipped: list[str] = []
    for sheet in sheets:
        if sheet.legacy_code_page:
            problems.warning(label, 0, "tệp", "tệp CSV không lưu theo UTF-8; đã đọc theo bảng mã Windows tiếng Việt "
                             "(CP1258)", "khi lưu từ Excel chọn kiểu CSV UTF-8 (Comma delimited)")
        header = _find_header(sheet, names)
        if header is None:
            if any(cells for _, cells in sheet.rows):
                skipped.append(sheet.name)
            continue
        table.sheets.append(sheet.name)
        _read_sheet(sheet, header, label, names, awards, table, problems, csv=path.suffix.lower() == ".csv")
    if not table.sheets:
        expected = "STT, Họ và tên (hoặc Tên tập thể), Chức vụ, Đơn vị, Hình thức khen thưởng, Thành tích, Ghi chú"
        problems.error(label, 0, "tệp", "không tìm thấy dòng tiêu đề cột (cần ít nhất cột Họ và tên hoặc Tên tập thể "
                       "và một cột khác)", f"thêm một dòng tiêu đề ở đầu bảng, ví dụ: {expected}")
        return None
    for name in skipped:
        problems.warning(label, 0, f'trang "{name}"', "trang tính không có dòng tiêu đề cột nên đã bỏ qua",
                         "nếu trang này có danh sách, thêm dòng tiêu đề cột (STT, Họ và tên, …)")
    return table


def _find_header(sheet: spreadsheet.Sheet, names: ColumnNames) -> int | None:
    for position, (_, cells) in enumerate(sheet.rows[:_HEADER_SCAN]):
        fields = [names.columns.get(key(c)) for c in cells if c]
        if "name" in fields and len([f for f in fields if f]) >= 2:
            return position
    return None


@dataclass
class _State:
    kind: str | None = None
    award: str | None = None
    group_unit: str = ""
    unknown: list[tuple[int, str]] = field(default_factory=list)


def _read_sheet(sheet: spreadsheet.Sheet, header_at: int, label: str, names: ColumnNames, awards: _AwardIndex,
                table: SheetTable, problems: Problems, csv: bool) -> None:
    header_number, header_cells = sheet.rows[header_at]
    table.title_lines += [" ".join(c for c in cells if c) for _, cells in sheet.rows[:header_at] if any(cells)]
    where = "" if csv else f'trang "{sheet.name}", '
    columns: dict[int, str] = {}
    labels: dict[str, str] = {}
    for index, text in enumerate(header_cells):
        target = names.columns.get(key(text)) if text else None
        if target and target not in labels:
            columns[index] = target
            labels[target] = f"{where}cột {spreadsheet.column_letter(index)} ({text})"
    header_key = [key(c) for c in header_cells]
    state = _State(kind=names.kinds.get(key(sheet.name)))
    name_header = next(header_cells[i] for i, f in columns.items() if f == "name")
    default_kind = state.kind or names.header_kinds.get(key(name_header))
    seen: dict[tuple[str, str, str], int] = {}
    rows_before = len(table.rows)
    suspicious = _suspicious_cells(sheet, columns)
    for number, cells in sheet.rows[header_at + 1:]:
        for column, problem in suspicious.get(number, ()):
            cell = f"{where}ô {spreadsheet.column_letter(column)}{number}"
            if problem == "công thức":
                problems.warning(label, number, cell, "ô là công thức chưa được tính, nên đọc ra rỗng",
                                 "mở tệp bằng Excel hoặc LibreOffice cho tính xong rồi lưu lại; hoặc chép cả bảng "
                                 "rồi dán giá trị (Paste Special, Values)")
            else:
                shown = cells[column] if column < len(cells) else ""
                problems.warning(label, number, cell, f'ô là {problem} ("{shown}"), không phải chữ',
                                 "kiểm tra cột; nếu ô bị định dạng kiểu số hoặc ngày, định dạng lại thành Văn bản (Text)")
        if not any(cells) or [key(c) for c in cells] == header_key:
            continue  # blank row, or the header repeated on each printed page
        values = {columns[i]: text for i, text in enumerate(cells) if i in columns and text}
        first = next(text for text in cells if text)
        if any(key(first).startswith(trailer) for trailer in names.trailers):
            _check_total(" ".join(c for c in cells if c), number, rows_before, table.rows, where, label, problems)
            continue
        stt = values.get("number", "")
        others = [(i, text) for i, text in enumerate(cells) if text and columns.get(i) != "number"]
        heading = None
        if not _STT.match(stt) and len(others) <= 1:
            only_name = len(others) == 1 and columns.get(others[0][0]) == "name" and not stt
            text = " ".join(t for t in (stt, *(t for _, t in others)) if t)
            if not _section(text, state, names, awards, allow_group=not only_name):
                if not only_name:
                    state.unknown.append((number, text))
                    continue
            else:
                heading = text
        if heading:
            continue
        for unknown_row, text in state.unknown:
            problems.warning(label, unknown_row, f"{where}dòng {unknown_row}".strip(", "),
                             f'dòng "{text}" không phải dòng dữ liệu hay tiêu đề phần nhận biết được, đã bỏ qua',
                             'nếu đây là một tập thể hoặc cá nhân, ghi số thứ tự ở cột STT; tiêu đề phần ghi dạng '
                             '"I. TẬP THỂ", "II. CÁ NHÂN" hoặc "1. Tên đơn vị"')
        state.unknown.clear()
        row = _recipient_row(sheet.name, number, values, labels, state, default_kind, names, awards, label, problems)
        if row is None:
            continue
        identity = (row.values.get("kind", ""), key(row.values.get("name", "")),
                    key(row.values.get("position", "") + " " + row.values.get("unit", "")))
        if identity in seen:
            problems.warning(label, number, labels["name"], f'trùng với dòng {seen[identity]} '
                             f'("{row.values.get("name", "")}")', "xóa một trong hai dòng nếu là cùng một người, tập thể")
        else:
            seen[identity] = number
        table.rows.append(row)


_TOTAL = re.compile(r"(\d[\d.]*)\s*(tập thể\s*(?:,|và|/)\s*cá nhân|tập thể|cá nhân)?", re.IGNORECASE)


def _check_total(text: str, number: int, first: int, rows: list[SheetRow], where: str, label: str,
                 problems: Problems) -> None:
    """A total line ("Tổng cộng: 05 cá nhân") that disagrees with the rows above it gets a warning."""
    read = rows[first:]
    counted = {"tap-the": sum(r.values.get("kind") == "tap-the" for r in read),
               "ca-nhan": sum(r.values.get("kind") == "ca-nhan" for r in read)}
    stated: dict[str, int] = {}
    for match in _TOTAL.finditer(text):
        word = fold(match.group(2) or "")
        kind = "all" if "ca nhan" in word and "tap the" in word else (
            "tap-the" if word.startswith("t") else "ca-nhan" if word.startswith("c") else "all")
        stated.setdefault(kind, int(match.group(1).replace(".", "")))
    expected = {"tap-the": "tập thể", "ca-nhan": "cá nhân"}
    wrong = [f"{stated[kind]} {word} (bảng có {counted[kind]})" for kind, word in expected.items()
             if kind in stated and stated[kind] != counted[kind]]
    if "all" in stated and set(stated) == {"all"} and stated["all"] != len(read):
        wrong.append(f"{stated['all']} dòng (bảng có {len(read)})")
    if wrong:
        problems.warning(label, number, f"{where}dòng {number}".strip(", "),
                         f'dòng tổng cộng "{text}" ghi {", ".join(wrong)}',
                         "đếm lại: có thể thiếu hoặc thừa dòng, hoặc dòng tổng cộng chưa sửa theo danh sách")


def _suspicious_cells(sheet: spreadsheet.Sheet, columns: dict[int, str]) -> dict[int, list[tuple[int, str]]]:
    """Per row: cells of the table that read as empty because a formula was never calculated, and names or
    units that are numbers or dates (an Excel date serial is not a person)."""
    found: dict[int, list[tuple[int, str]]] = {}
    for row, column in sorted(sheet.uncached):
        if column in columns:
            found.setdefault(row, []).append((column, "công thức"))
    for (row, column), kind in sorted(sheet.typed.items()):
        if columns.get(column) in ("name", "unit", "position"):
            found.setdefault(row, []).append((column, kind))
    return found


def _section(text: str, state: _State, names: ColumnNames, awards: _AwardIndex, allow_group: bool) -> bool:
    """Apply a section heading to the rows below it; False when the text is not one."""
    bare = _TRAILING_NOTE.sub("", _NUMBERING.sub("", text, count=1)).strip()
    folded = key(bare)
    kind = next((k for alias, k in names.kinds.items()
                 if folded == alias or (len(alias) > 3 and folded.startswith(alias + " "))), None)
    award = awards.exact(bare) or awards.inside(bare)
    if kind or award:
        if kind and kind != state.kind:
            state.kind, state.group_unit = kind, ""
        if award:
            state.award = award
        return True
    if allow_group and _NUMBERING.match(text) and bare:
        state.group_unit = bare  # "1. Công đoàn ngành Y tế": the unit of the rows below
        return True
    return False


def _recipient_row(sheet: str, number: int, values: dict[str, str], labels: dict[str, str], state: _State,
                   default_kind: str | None, names: ColumnNames, awards: _AwardIndex, label: str,
                   problems: Problems) -> SheetRow | None:
    out: dict[str, str] = {}
    where: dict[str, str] = {}

    def take(field_name: str, text: str, column: str) -> None:
        out[field_name] = text
        where[field_name] = labels.get(column, "")

    if not values.get("name"):
        problems.error(label, number, labels["name"], "dòng có dữ liệu nhưng thiếu tên tập thể hoặc họ và tên",
                       "điền tên, hoặc xóa cả dòng nếu thừa")
        return None
    for field_name in ("name", "position", "unit", "achievement", "note", "person", "model"):
        if values.get(field_name):
            take(field_name, values[field_name], field_name)
    combined = values.get("position_unit", "")
    if combined:  # "Tổ trưởng, Công ty Chè Núi Xanh": the first part is the position, the rest the unit
        position, _, unit = combined.partition(",")
        if not values.get("position"):
            take("position", position.strip(), "position_unit")
        if unit.strip() and not values.get("unit"):
            take("unit", unit.strip(), "position_unit")
    if "unit" not in out and state.group_unit:
        out["unit"] = state.group_unit
    if values.get("kind"):
        kind = names.kinds.get(key(values["kind"]))
        if kind is None:
            problems.error(label, number, labels["kind"], f'đối tượng "{values["kind"]}" không rõ',
                           'ghi "Tập thể" hoặc "Cá nhân"')
            return None
        take("kind", kind, "kind")
    elif state.kind or default_kind:
        out["kind"] = state.kind or default_kind or ""
        where["kind"] = labels["name"]
    else:
        problems.error(label, number, labels["name"], "không rõ dòng này là tập thể hay cá nhân",
                       'thêm dòng tiêu đề phần "I. TẬP THỂ" hoặc "II. CÁ NHÂN" phía trên, hoặc thêm cột "Đối tượng"')
        return None
    if values.get("gender"):
        gender = names.genders.get(key(values["gender"]))
        take("gender", gender or values["gender"], "gender")
    for flag in ("direct_worker", "leader"):
        if flag in labels and out.get("kind") == "ca-nhan":
            mark = values.get(flag, "").strip()
            value = names.marks.get(mark.lower()) if mark else False
            take(flag, mark if value is None else ("có" if value else "không"), flag)
    if values.get("award"):
        take("award", awards.exact(values["award"]) or values["award"], "award")
    elif state.award:
        out["award"] = state.award
        where["award"] = labels["name"]
    where.setdefault("name", labels["name"])
    return SheetRow(sheet, number, out, {k: v for k, v in where.items() if v})
