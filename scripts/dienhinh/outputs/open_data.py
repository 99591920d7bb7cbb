"""Open data files: every dataset of pages/open_data.py as JSON and as CSV that Excel opens.

CSV columns have Vietnamese names and the file starts with a UTF-8 byte-order mark, so Excel
reads the diacritics.
"""

from __future__ import annotations

import csv
import io
import json
import pickle
from pathlib import Path
from typing import Any, Iterable, Iterator

from .. import routes
from ..files import load_cache, replaced_atomically
from ..pages.context import SiteContext
from ..pages.open_data import Dataset, datasets_of
from ..progress import Progress, number
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


def _json(title: str, fields: dict[str, str], items: list[str]) -> str:
    """The dataset as one JSON object, one item a line: readable and diffable, and written by the C
    encoder (an indented dump runs in pure Python, a second at 10,000 entries), without spaces after
    separators (0.5 of 14.5 MB at 10,000 entries)."""
    head = _encode({"title": title, "fields": fields})[:-1]
    joined = ",\n".join(items)
    return f'{head},"items":[\n{joined}\n]}}\n' if items else f'{head},"items":[]}}\n'


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
CACHE = "open-data.pickle"  # in the records folder (Project.records): each entry's lines of every dataset, as the last build wrote them


def _lines(dataset: Dataset, rows: list[Any]) -> tuple[list[str], str]:
    """An entry's rows of a dataset: as JSON items, and as CSV lines."""
    records = [{c.key: c.value(row) for c in dataset.columns} for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for record in records:
        writer.writerow([_cell(record[c.key]) for c in dataset.columns])
    return [_encode(record) for record in records], buffer.getvalue()


def _by_owner(dataset: Dataset, rows: Iterable[Any]) -> Iterator[tuple[Any, list[Any]]]:
    """Each entry or roll with its rows, in the dataset's order."""
    owner, owned = None, []
    for row in rows:
        found = dataset.owner(row)
        if found is not owner:
            if owned:
                yield owner, owned
            owner, owned = found, []
        owned.append(row)
    if owned:
        yield owner, owned


def _last_lines(site: SiteContext, cache: Path) -> dict[str, dict[str, tuple]]:
    """The last build's lines (dataset → entry key → (fingerprint, JSON items, CSV lines)), when they were made
    from the same code, settings and catalog structure (SiteContext.structure): an entry's lines are then its
    own fields' and its fingerprint tells whether they still hold."""
    try:
        with open(cache, "rb") as stream:
            last = load_cache(stream)
        if site.structure_holds(last) and \
                all(isinstance(name, str) and isinstance(lines, dict) and all(
                    isinstance(item, tuple) and len(item) == 3 and isinstance(item[0], str)
                    and isinstance(item[1], list) and all(isinstance(line, str) for line in item[1])
                    and isinstance(item[2], str) for item in lines.values())
                    for name, lines in last["datasets"].items()):
            return last["datasets"]
    except Exception:  # noqa: BLE001 - a missing, old or damaged cache: every line is made again
        pass
    return {}


def write_open_data(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    folder = output_dir / routes.OPEN_DATA
    folder.mkdir(parents=True, exist_ok=True)
    cache = site.project.records / CACHE
    last = _last_lines(site, cache)
    kept: dict[str, dict[str, tuple]] = {}
    made = 0
    for dataset in datasets_of(site):
        before, now = last.get(dataset.name, {}), kept.setdefault(dataset.name, {})
        items, csv_parts = [], []
        for owner, rows in _by_owner(dataset, dataset.rows(site)):
            fingerprint = site.fingerprint(owner)
            found = before.get(owner.key)
            if found is None or found[0] != fingerprint:
                found = (fingerprint, *_lines(dataset, rows))
                made += 1
            now[owner.key] = found
            items.extend(found[1])
            csv_parts.append(found[2])
        (folder / f"{dataset.name}.json").write_text(_json(dataset.title, {c.key: c.meaning for c in dataset.columns},
                                                           items), encoding="utf-8")
        header = io.StringIO()
        csv.writer(header, lineterminator="\r\n").writerow([c.header for c in dataset.columns])
        (folder / f"{dataset.name}.csv").write_text(header.getvalue() + "".join(csv_parts), encoding="utf-8-sig")
    if made or not last:
        with replaced_atomically(cache) as stream:
            pickle.dump({"global": site.global_key, "structure": site.structure, "datasets": kept}, stream,
                        protocol=pickle.HIGHEST_PROTOCOL)
    files = 2 * len(kept)
    return OutputReport("Dữ liệu mở (JSON, CSV)", files, f"{number(files)} tệp")
