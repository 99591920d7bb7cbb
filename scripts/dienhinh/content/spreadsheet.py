"""Read the spreadsheets staff keep (Excel .xlsx, CSV) into rows of text that remember their cells.

Staff lists come from Excel or LibreOffice with merged title rows, blank rows,
numbers typed as text and units merged down a column; CSV files come as UTF-8
or as the Windows Vietnamese code page (CP1258). This module only turns a file
into text cells with sheet names and row numbers; what the columns mean is
honour_sheet.py's job.
"""

from __future__ import annotations

import csv
import io
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..progress import number
from ..text.vietnamese import nfc
from . import limits

SUFFIXES = (".xlsx", ".xlsm", ".csv")
_RESAVE_HINT = "mở tệp bằng Excel hoặc LibreOffice rồi lưu lại thành .xlsx"
_SPLIT_HINT = "tách thành nhiều danh sách nhỏ hơn, mỗi danh sách một tệp; xóa các trang tính, dòng, cột thừa"


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f}".replace(".", ",")


class SpreadsheetError(Exception):
    """A file that cannot be read at all, with a Vietnamese message and a hint."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cell texts from column A)
    legacy_code_page: bool = False  # a CSV read as CP1258 rather than UTF-8
    uncached: set[tuple[int, int]] = field(default_factory=set)  # (row, column): a formula never calculated
    typed: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → "số" or "ngày"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: object) -> str:
    """A cell as staff read it: 1.0 → '1', a date → 2025-02-26, line breaks and runs of spaces → one space."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    # NFC only: look-alike letters and legacy-font text stay for the field checks to report.
    return " ".join(nfc(str(value)).split())


def read(path: Path) -> list[Sheet]:
    """The visible sheets of a workbook or CSV file, within the limits of limits.py; SpreadsheetError otherwise."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size > limits.SPREADSHEET_BYTES:
        raise SpreadsheetError(f"tệp bảng tính quá lớn ({_megabytes(size)} MB, tối đa "
                               f"{_megabytes(limits.SPREADSHEET_BYTES)} MB)", _SPLIT_HINT)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".csv":
        return [_read_csv(path)]
    if suffix == ".xls":
        raise SpreadsheetError("tệp Excel đời cũ (.xls) không đọc được",
                               "mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) kiểu .xlsx")
    if suffix == ".ods":
        raise SpreadsheetError("tệp LibreOffice (.ods) không đọc được",
                               "trong LibreOffice chọn Tệp > Lưu thành, kiểu Excel 2007-365 (.xlsx)")
    raise SpreadsheetError(f'"{path.name}" không phải tệp bảng tính', "dùng tệp Excel (.xlsx) hoặc CSV")


def _read_xlsx(path: Path) -> list[Sheet]:
    """Excel's zip of XML, checked before parsing: unpacked size, then rows, cells and time while reading.

    Any failure inside the parser (a truncated sheet, an XML entity declaration, which defusedxml refuses,
    a broken zip) is a content problem of this file: the workbook comes from outside."""
    from openpyxl import load_workbook

    started = time.monotonic()
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            has_formulas = unpacked <= limits.SPREADSHEET_UNPACKED_BYTES and any(
                _has_formula(archive.read(member)) for member in archive.namelist()
                if member.startswith("xl/worksheets/"))
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as error:
        raise SpreadsheetError(f"không mở được tệp Excel ({type(error).__name__})", _RESAVE_HINT) from None
    if unpacked > limits.SPREADSHEET_UNPACKED_BYTES:
        raise SpreadsheetError(f"tệp Excel giải nén ra {_megabytes(unpacked)} MB, quá giới hạn "
                               f"{_megabytes(limits.SPREADSHEET_UNPACKED_BYTES)} MB", _SPLIT_HINT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            workbook = load_workbook(path, data_only=True)
            formulas = _formula_cells(load_workbook(path, read_only=True)) if has_formulas else {}
    except Exception as error:  # noqa: BLE001 - see the docstring
        raise SpreadsheetError(f"không đọc được tệp Excel ({type(error).__name__})", _RESAVE_HINT) from None
    try:
        return _sheets(workbook, formulas, started)
    except SpreadsheetError:
        raise
    except Exception as error:  # noqa: BLE001 - see the docstring
        raise SpreadsheetError(f"không đọc được tệp Excel ({type(error).__name__})", _RESAVE_HINT) from None
    finally:
        workbook.close()


def _has_formula(sheet_xml: bytes) -> bool:
    return b"<f>" in sheet_xml or b"<f " in sheet_xml


def _formula_cells(workbook) -> dict[str, set[tuple[int, int]]]:
    """Where each sheet has a formula: with data_only, a formula Excel never calculated reads as empty."""
    found: dict[str, set[tuple[int, int]]] = {}
    for worksheet in workbook.worksheets:
        found[worksheet.title] = {(row, column) for row, values in enumerate(worksheet.iter_rows(values_only=True), 1)
                                  for column, value in enumerate(values)
                                  if isinstance(value, str) and value.startswith("=")}
    workbook.close()
    return found


def _sheets(workbook, formulas: dict[str, set[tuple[int, int]]], started: float) -> list[Sheet]:
    sheets, cells_read = [], 0
    for worksheet in workbook.worksheets:
        if worksheet.sheet_state != "visible":
            continue
        if worksheet.max_row > limits.SPREADSHEET_ROWS:
            raise SpreadsheetError(f'trang "{worksheet.title}" có {number(worksheet.max_row)} dòng, quá giới hạn '
                                   f"{number(limits.SPREADSHEET_ROWS)} dòng", _SPLIT_HINT)
        sheet = Sheet(worksheet.title)
        down: dict[tuple[int, int], object] = {}
        for merged in worksheet.merged_cells.ranges:
            if merged.max_row > merged.min_row:  # a unit merged down a column: every row gets it
                top_left = worksheet.cell(merged.min_row, merged.min_col).value
                for row in range(merged.min_row + 1, merged.max_row + 1):
                    down[(row, merged.min_col)] = top_left
        for number_, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells_read += len(values)
            if cells_read > limits.SPREADSHEET_CELLS:
                raise SpreadsheetError(f"bảng tính có hơn {number(limits.SPREADSHEET_CELLS)} ô, quá giới hạn",
                                       _SPLIT_HINT)
            if number_ % 500 == 0 and time.monotonic() - started > limits.SPREADSHEET_SECONDS:
                raise SpreadsheetError(f"đọc bảng tính quá {limits.SPREADSHEET_SECONDS:.0f} giây", _SPLIT_HINT)
            merged = [down.get((number_, column), value) for column, value in enumerate(values, start=1)]
            for column, value in enumerate(merged):
                if value is None and (number_, column) in formulas.get(worksheet.title, ()):
                    sheet.uncached.add((number_, column))
                elif isinstance(value, (int, float, date)) and not isinstance(value, bool):
                    sheet.typed[(number_, column)] = "ngày" if isinstance(value, date) else "số"
            cells = [cell_text(value) for value in merged]
            while cells and not cells[-1]:
                cells.pop()
            sheet.rows.append((number_, cells))
        sheets.append(sheet)
    return sheets


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    if raw.count(b"\n") > limits.SPREADSHEET_ROWS:
        raise SpreadsheetError(f"tệp CSV có hơn {number(limits.SPREADSHEET_ROWS)} dòng, quá giới hạn", _SPLIT_HINT)
    legacy = False
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258", errors="replace")  # Excel's "CSV" on Vietnamese Windows
        legacy = True
    sheet = Sheet(path.stem, legacy_code_page=legacy)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start = 1
    try:
        for record in reader:
            cells = [cell_text(value) for value in record]
            while cells and not cells[-1]:
                cells.pop()
            sheet.rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise SpreadsheetError(f"tệp CSV hỏng ở dòng {reader.line_num} ({error})",
                               "mở bằng Excel hoặc LibreOffice rồi lưu lại kiểu CSV UTF-8") from None
    return sheet


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel in Vietnamese and European locales) or tab: the one the widest row uses most.

    csv.Sniffer gives up on staff files, whose title rows above the table have no delimiter at all.
    """
    lines = text.splitlines()[:60]
    return max(",;\t", key=lambda d: max((line.count(d) for line in lines), default=0))
