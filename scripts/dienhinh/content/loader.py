"""The content stage's one entry point: load, validate and catalog every file of the content tree.

`dienhinh validate` needs only this, so it imports no renderer, image or feed library. Each file is
checked on every core and its result kept between runs (cache.py); problems of every file are
collected in one pass, then the catalog checks references across files.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from ..parallel import ordered_map
from ..problems import ContentError, Problems, Severity, relative
from ..progress import Progress, number
from ..project import Project, brand_colours
from ..text.vietnamese import slugify
from .cache import ValidationCache, signature, stamp
from .catalog import Catalog, build_catalog
from .discovery import check_links, discover
from .entries import Entry
from .schema import COLLECTIONS
from .validate import validate_file
from .vocabulary import Vocabularies, load_vocabularies


@dataclass
class Content:
    """The loaded, validated content: what `dienhinh validate` reports."""

    catalog: Catalog
    problems: Problems
    files: int


def load_content(project: Project, progress: Progress, strict: bool = True) -> Content:
    """Load, validate and catalog all content; raise ContentError when there are errors and `strict`.

    The cyclic garbage collector is paused meanwhile: loading creates hundreds of
    thousands of long-lived objects and no cycles, and its passes cost a third of the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(project, progress, strict)
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class _Checking:
    """What a forked validation worker needs besides the file."""

    root: Path
    content: Path
    vocabularies: Vocabularies


def _validate_job(checking: _Checking, job: tuple[str, Path]) -> tuple[tuple[Entry | None, list], list]:
    """The file's entry and problems, and the signature of every other file they were read from."""
    name, file = job
    own, depends, unfinished = Problems(), [], []
    entry = validate_file(COLLECTIONS[name], file, checking.root, checking.content, checking.vocabularies,
                          own, depends, unfinished)
    if entry is not None:
        entry.digest, entry.placement  # noqa: B018 - taken here, on every core, and cached with the entry
    return (entry, own.items, unfinished[0] if unfinished else None), \
        [(str(path), signature(path)) for path in dict.fromkeys(depends)]


def _load(project: Project, progress: Progress, strict: bool) -> Content:
    problems = Problems()
    progress.begin()
    if not project.content_dir.is_dir():
        problems.error(str(project.content_dir), 0, "content_dir", "không tìm thấy thư mục nội dung",
                       "kiểm tra mục content_dir của plugin dienhinh trong mkdocs.yml")
        raise ContentError(problems)
    for field_name, message, hint in brand_colours(project.organisation)[1]:
        problems.warning(relative(project.config_file, project.root) if project.config_file else "mkdocs.yml", 0,
                         field_name, message, hint)
    vocabularies = load_vocabularies(project.data_dir, project.root, problems)
    found = discover(project.content_dir, problems, project.root)
    for folder in project.theme_dirs:
        check_links(folder, project.root, problems)
    jobs = [(name, file) for name, files in found.items() for file in files]
    total = len(jobs)
    cache = ValidationCache(project.cache_dir / "validation",
                            stamp([project.data_dir], project.root, project.content_dir))
    looked_up = [cache.get(file) for _, file in jobs]
    changed = [job for job, (_, result) in zip(jobs, looked_up) if result is None]
    checking = _Checking(project.root, project.content_dir, vocabularies)
    checked = iter(ordered_map(_validate_job, changed, checking, workers=project.workers, even=True))
    entries, partial = [], []
    unfinished_drafts = 0
    failed: dict[str, set[str]] = {name: set() for name in COLLECTIONS}
    for done, ((name, file), (own, result)) in enumerate(zip(jobs, looked_up), start=1):
        if result is None:
            result, depends = next(checked)
            cache.put(file, own, depends, result)
            progress.tick("Kiểm tra", done, total)
        entry, found_problems, unfinished = result
        if unfinished is not None:
            partial.append(unfinished)
        problems.extend(found_problems)
        if entry is None:
            failed[name].add(slugify(file.stem))
            # A draft's errors were made warnings: it is unpublished, not missing from the counts.
            unfinished_drafts += not any(p.severity is Severity.ERROR for p in found_problems)
        else:
            entries.append(entry)
    cache.save()
    counts = ", ".join(f"{number(len(found[n]))} {COLLECTIONS[n].singular}" for n in COLLECTIONS)
    progress.stage("Đọc và kiểm tra nội dung",
                   f"{number(total)} tệp ({counts}); {number(len(changed))} tệp mới hoặc đã sửa")
    catalog = build_catalog(entries, vocabularies, problems, project.today, project.preview, failed, partial)
    hidden = len(catalog.hidden) + unfinished_drafts
    progress.stage("Lập danh mục", f"{number(len(catalog.entries()))} mục và {number(len(catalog.pages))} trang "
                   f"thông tin được đăng, {number(hidden)} mục chưa đăng"
                   f" (bản nháp, hẹn ngày hoặc đã gỡ); {problems.summary()}")
    if strict and problems.errors:
        raise ContentError(problems)
    return Content(catalog, problems, total)
