"""First validation pass: each file on its own against the schema, the vocabularies and the rules.

References between entries (movements, people, initiatives) are checked in the second pass, by
the catalog, once every file is loaded. Errors in a draft become warnings here.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from pathlib import Path

from ..problems import Problems, Severity, relative
from ..text.vietnamese import is_slug, nfc, slugify
from .coercion import FileContext, coerce_fields
from .entries import ENTRY_TYPES, Entry, HonourRoll, Model, Person, body_digest, body_of
from . import limits
from .frontmatter import split
from .reading import inside, read_text
from .rules import check_awards, check_body, check_honour_roll, check_locality_in_force, check_person, inherit_from_unit
from .schema import Collection
from .vocabulary import Vocabularies


def validate_file(collection: Collection, file: Path, project_root: Path, content_root: Path,
                  vocabularies: Vocabularies, problems: Problems, depends: list[Path] | None = None,
                  unfinished: list[Entry] | None = None) -> Entry | None:
    """The typed entry, or None when the file has errors; `depends` gets the other files it read.

    Errors in an entry marked `draft: true` are reported as warnings: the draft is
    simply not published, and a colleague's unfinished draft does not block the site.
    """
    own = Problems()
    entry = _validate_file(collection, file, project_root, content_root, vocabularies, own, depends, unfinished)
    is_draft = entry.draft if entry else inside(file, content_root) and _declares_draft(file)
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
                   vocabularies: Vocabularies, problems: Problems, depends: list[Path] | None,
                   unfinished: list[Entry] | None) -> Entry | None:
    label = relative(file, project_root)
    stem = file.stem
    entry_id = stem
    if not is_slug(stem):
        entry_id = slugify(stem)
        problems.error(label, 1, "tên tệp",
                       f'tên tệp "{file.name}" phải viết thường, không dấu, nối bằng dấu gạch ngang',
                       f'đổi tên tệp thành "{entry_id}.md"')
    text = read_text(file, label, problems, content_root, limits.ENTRY_FILE_BYTES)
    if text is None:
        return None
    # NFC only: look-alikes and invisible characters stay for the checks to see and report.
    fm = split(nfc(text), label, problems)
    if fm is None:
        return None
    ctx = FileContext(label, file, content_root, fm, vocabularies, problems, project_root, depends)
    good: dict = {}
    values = coerce_fields(collection.fields, fm.data, (), ctx, good)
    entry_type = ENTRY_TYPES[collection.name]
    accepted = {f.name for f in dataclass_fields(entry_type)}
    if values is None:
        if unfinished is not None:  # its references are still checked, so all problems come in one run
            good.pop(collection.title_field, None)
            unfinished.append(entry_type(collection=collection.name, id=entry_id, path=label, file=file,
                                         body_line=fm.body_line, **{k: v for k, v in good.items() if k in accepted}))
        return None
    if collection.title_field != "title":
        values["title"] = values.pop(collection.title_field)
    check_body(fm.body, fm.body_line, ctx)
    entry = entry_type(collection=collection.name, id=entry_id, path=label, body_line=fm.body_line,
                       file=file, body_digest=body_digest(body_of(text, fm.body_line)),
                       **{k: v for k, v in values.items() if k in accepted})
    if isinstance(entry, Person):
        inherit_from_unit(entry, entry.unit, vocabularies)
        check_person(entry, ctx)
    elif isinstance(entry, Model):
        if entry.units:
            inherit_from_unit(entry, entry.units[0], vocabularies)
    elif isinstance(entry, HonourRoll) and not check_honour_roll(entry, ctx):
        return None
    check_awards(entry, ctx)
    check_locality_in_force(entry, ctx)
    if getattr(entry, "start_year", None) and getattr(entry, "end_year", None) and entry.end_year < entry.start_year:
        ctx.error(("end_year",), "năm kết thúc trước năm bắt đầu", "kiểm tra lại start_year và end_year")
    return entry
