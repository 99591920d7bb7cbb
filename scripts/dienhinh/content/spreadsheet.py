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
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..text.vietnamese import nfc

SUFFIXES = (".xlsx", ".xlsm", ".csv")


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
    suffix = path.suffix.lower()
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
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(f"không mở được tệp Excel ({type(error).__name__})",
                               "mở tệp bằng Excel hoặc LibreOffice rồi lưu lại thành .xlsx") from None
    sheets = []
    for worksheet in workbook.worksheets:
        if worksheet.sheet_state != "visible":
            continue
        sheet = Sheet(worksheet.title)
        down: dict[tuple[int, int], object] = {}
        for merged in worksheet.merged_cells.ranges:
            if merged.max_row > merged.min_row:  # a unit merged down a column: every row gets it
                top_left = worksheet.cell(merged.min_row, merged.min_col).value
                for row in range(merged.min_row + 1, merged.max_row + 1):
                    down[(row, merged.min_col)] = top_left
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(down.get((number, column), value)) for column, value in enumerate(values, start=1)]
            while cells and not cells[-1]:
                cells.pop()
            sheet.rows.append((number, cells))
        sheets.append(sheet)
    workbook.close()
    return sheets


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
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
