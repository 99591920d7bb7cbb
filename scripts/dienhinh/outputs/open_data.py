"""Open data files: every dataset of pages/open_data.py as JSON and as CSV that Excel opens.

CSV columns have Vietnamese names and the file starts with a UTF-8 byte-order mark, so Excel
reads the diacritics.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .. import routes
from ..pages.context import SiteContext
from ..pages.open_data import datasets_of
from ..progress import Progress
from .report import OutputReport

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell; text that Excel would run as a formula (=HYPERLINK(...), +84..., -5%) gets a
    leading apostrophe so it shows as text. Numbers stay numbers."""
    if type(value) is str:  # most cells: one test instead of four
        return "'" + value if value.startswith(_FORMULA_START) else value
    text = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    return "'" + text if text.startswith(_FORMULA_START) else text


def _json(title: str, fields: dict[str, str], records: list[dict[str, Any]]) -> str:
    """The dataset as one JSON object, one item a line: readable and diffable, and written by the C
    encoder (an indented dump runs in pure Python, a second at 10,000 entries)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head = encode({"title": title, "fields": fields})[:-1]
    items = ",\n".join(map(encode, records))
    return f'{head}, "items": [\n{items}\n]}}\n' if records else f'{head}, "items": []}}\n'


def write_open_data(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    folder = output_dir / routes.OPEN_DATA
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    for dataset in datasets_of(site):
        records = [{c.key: c.value(row) for c in dataset.columns} for row in dataset.rows(site)]
        (folder / f"{dataset.name}.json").write_text(_json(dataset.title, {c.key: c.meaning for c in dataset.columns},
                                                           records), encoding="utf-8")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.header for c in dataset.columns])
        for record in records:
            writer.writerow([_cell(record[c.key]) for c in dataset.columns])
        (folder / f"{dataset.name}.csv").write_text(buffer.getvalue(), encoding="utf-8-sig")
        files += 2
    return OutputReport("Dữ liệu mở (JSON, CSV)", files, f"{files} tệp")
