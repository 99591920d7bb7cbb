"""`dienhinh import-honours`: a staff spreadsheet → an honour-roll file in content/honours/.

Rows are read and checked exactly as a roll's `recipients_file` is (validate.py),
the decision number, date and issuer are taken from the sheet's title rows
("Kèm theo Quyết định số … ngày … của …") when staff did not give them, and the
new file is validated again before it is written. Any error: nothing is written.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml

from ..files import write_if_changed
from ..problems import Problems, relative
from ..project import Project
from ..text.vietnamese import slugify
from .coercion import parse_date, recipients_from_sheet
from .entries import Recipient
from .honour_sheet import award_named_in, key
from .schema import COLLECTIONS
from .validate import validate_file
from .vocabulary import Vocabularies

_DECISION = re.compile(r"(?P<type>Quyết định|Nghị quyết|Báo cáo|Thông báo|Kế hoạch)\s+(?:số\s*:?\s*)?"
                       r"(?P<number>\d+[^\s,;)]*)", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|[/.-])(?P<m>\d{1,2})\s*(?:năm\s+|[/.-])(?P<y>\d{4})",
                   re.IGNORECASE)
_BY = re.compile(r"\bcủa\s+(?P<by>[^()]+?)\s*\)?\s*$", re.IGNORECASE)
_RECIPIENT_FIELDS = ("kind", "name", "gender", "position", "unit", "award", "achievement", "note", "direct_worker",
                     "leader", "person", "model")


@dataclass
class Heading:
    """What the title rows above the table say about the roll."""

    title: str = ""
    decision_type: str = ""
    number: str = ""
    day: date | None = None
    by: str = ""
    lines: list[str] = field(default_factory=list)


def read_heading(lines: list[str]) -> Heading:
    heading = Heading(lines=lines)
    for index, line in enumerate(lines):
        folded = key(line)
        if not heading.title and folded.startswith("danh sach"):
            rest = line.strip()[len("DANH SÁCH"):].strip(" :-")
            following = lines[index + 1] if index + 1 < len(lines) else ""
            heading.title = rest or (following if not following.lstrip().startswith("(") else "")
        match = _DECISION.search(line)
        if match and not heading.number:
            heading.decision_type = match.group("type").capitalize()
            heading.number = match.group("number").rstrip(".")
            day = _DATE.search(line, match.end())
            if day:
                try:
                    heading.day = date(int(day.group("y")), int(day.group("m")), int(day.group("d")))
                except ValueError:
                    pass
            by = _BY.search(line[match.end():])
            if by:
                heading.by = by.group("by").strip()
    if heading.title:
        heading.title = heading.title[0].upper() + heading.title[1:]
    return heading


def _issuer(heading: Heading, project: Project, vocabularies: Vocabularies) -> str:
    """The issuer named in the title rows or the 'của …' of the decision, else the organisation itself."""
    issuers = vocabularies["issuers"].terms
    candidates = [heading.by, *heading.lines, project.organisation.get("name", "")]
    for text in candidates:
        folded = key(text)
        for term in sorted(issuers.values(), key=lambda t: -len(t.name)):
            name = key(term.name)
            if name and (folded == name or folded.endswith(" " + name)):
                return term.id
    return ""


@dataclass
class ImportOptions:
    file: Path
    output: Path | None = None
    title: str = ""
    issuer: str = ""
    decision: str = ""
    decision_date: str = ""
    link: bool = False
    force: bool = False


@dataclass
class ImportResult:
    problems: Problems
    written: Path | None = None
    recipients: list[Recipient] = field(default_factory=list)
    rows: tuple[int, int] = (0, 0)
    sheets: list[str] = field(default_factory=list)


def import_honours(project: Project, vocabularies: Vocabularies, options: ImportOptions) -> ImportResult:
    problems = Problems()
    result = ImportResult(problems)
    source = options.file.resolve()
    inside = source.is_relative_to(project.root.resolve())
    label = relative(source, project.root) if inside else options.file.as_posix()
    if not source.is_file():
        problems.error(label, 0, "tệp", "không tìm thấy tệp", "kiểm tra đường dẫn và tên tệp")
        return result
    read = recipients_from_sheet(source, label, project.content_dir, vocabularies, problems)
    if read is None:
        return result
    recipients, table = read
    heading = read_heading(table.title_lines)
    number = options.decision or heading.number
    decided = parse_date(options.decision_date) if options.decision_date else heading.day
    if options.decision_date and decided is None:
        problems.error("--decision-date", 0, "tham số", f'ngày "{options.decision_date}" không hợp lệ',
                       "ghi dạng 26/02/2025")
        return result
    issuer = options.issuer or _issuer(heading, project, vocabularies)
    if not issuer:
        problems.error(label, 0, "cơ quan ban hành", "không xác định được cơ quan ban hành",
                       f"ghi thêm --issuer, một mã trong {vocabularies['issuers'].path}")
        return result
    given = {r.award for r in recipients if r.award}
    if any(not r.award for r in recipients):
        # "… được tặng Giấy khen …" in the title: the form of every row that names none
        common = award_named_in(options.title or heading.title, vocabularies["award_forms"]) or ""
    else:
        common = next(iter(given)) if len(given) == 1 else ""
    kind = "khen-thuong" if (number or given or common) else "bieu-duong"
    if kind == "khen-thuong" and not (number and decided):
        problems.error(label, 0, "quyết định", "không tìm thấy số và ngày quyết định ở các dòng tiêu đề của bảng",
                       "ghi thêm --decision 15/QĐ-LĐLĐ --decision-date 20/01/2025")
        return result
    title = options.title or heading.title
    if not title:
        title = f"Danh sách từ tệp {options.file.name}"
        problems.warning(label, 0, "title", "không tìm thấy dòng tên danh sách (dưới chữ DANH SÁCH)",
                         "sửa trường title trong tệp vừa tạo, hoặc ghi --title khi nhập")
    folder = project.content_dir / COLLECTIONS["honours"].name
    target = options.output.resolve() if options.output else folder / f"{slugify(options.file.stem) or 'danh-sach'}.md"
    shown = relative(target, project.root)
    if target.exists() and not options.force:
        problems.error(shown, 0, "tệp", "tệp đã có, không ghi đè", "đặt tên khác bằng -o, hoặc thêm --force để ghi đè")
        return result
    sheet_copy = target.with_suffix(source.suffix.lower()) if options.link else None
    fields = dict(title=title, issuer=issuer, kind=kind, number=number, decided=decided,
                  decision_type=heading.decision_type, by=heading.by, award=common, today=project.today,
                  source=options.file.name)
    inline = roll_text(**fields, recipients=recipients, recipients_file="")
    linked = roll_text(**fields, recipients=[], recipients_file=sheet_copy.name) if sheet_copy else None
    result.recipients, result.sheets = recipients, table.sheets
    result.rows = (table.rows[0].number, table.rows[-1].number)
    if _validates(project, vocabularies, target, inline, problems):
        if sheet_copy is not None and sheet_copy != source:
            shutil.copyfile(source, sheet_copy)
        write_if_changed(target, linked or inline)
        result.written = target
    return result


def roll_text(*, title: str, issuer: str, kind: str, number: str, decided: date | None, decision_type: str, by: str,
              award: str, today: date, recipients: list[Recipient], recipients_file: str, source: str) -> str:
    meta: dict = {"title": title, "kind": kind, "issuer": issuer}
    if number:
        decision: dict = {"number": number, "date": decided}
        if decision_type and decision_type != "Quyết định":
            decision["type"] = decision_type
        if by:
            decision["by"] = by
        meta["decision"] = decision
    if award:
        meta["award"] = award
    meta["date"] = today
    if recipients_file:
        meta["recipients_file"] = recipients_file
    else:
        meta["recipients"] = [{name: getattr(r, name) for name in _RECIPIENT_FIELDS
                               if getattr(r, name) not in (None, "") and not (name == "award" and r.award == award)}
                              for r in recipients]
    body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    note = (f"# Tạo bằng lệnh dienhinh import-honours từ tệp {source}.\n"
            "# Kiểm tra tên danh sách (title), thêm người ký (signer) và hội nghị (ceremony) nếu có;\n"
            "# xem hướng dẫn từng trường trong templates/honours.md.\n")
    return f"---\n{note}{body}---\n"


def _validates(project: Project, vocabularies: Vocabularies, target: Path, text: str, problems: Problems) -> bool:
    """Check the new roll with the same validator as the build, from a hidden file beside the target."""
    folder = target.parent / f".nhap-{os.getpid()}"  # hidden: the build never reads it
    temporary = folder / target.name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        own = Problems()
        entry = validate_file(COLLECTIONS["honours"], temporary, project.root, project.content_dir, vocabularies, own)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    shown = relative(target, project.root)
    hidden = relative(temporary, project.root)
    problems.extend(replace(p, path=shown) if p.path == hidden else p for p in own.errors)
    return entry is not None and not own.errors
