"""The stages in order: load and validate content, build the catalog, generate pages.

`dienhinh validate`, `dienhinh build` and the MkDocs plugin all run these same
functions; only what follows (rendering, publishing) differs.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from .content.catalog import Catalog, build_catalog
from .content.entries import Entry
from .parallel import ordered_map, shared
from .problems import ContentError, Problems
from .progress import Progress, number
from .project import Project
from .content.schema import COLLECTIONS
from .content.validate import discover, validate_file
from .content.cache import ValidationCache, signature, stamp
from .text.vietnamese import slugify
from .content.vocabulary import load_vocabularies


def _validate_job(job: tuple[str, Path]) -> tuple[tuple[Entry | None, list], list]:
    """The file's entry and problems, and the signature of every other file they were read from."""
    name, file = job
    own, depends = Problems(), []
    entry = validate_file(COLLECTIONS[name], file, shared("root"), shared("content"), shared("vocabularies"),
                          own, depends)
    return (entry, own.items), [(str(path), signature(path)) for path in dict.fromkeys(depends)]


@dataclass
class Prepared:
    catalog: Catalog
    problems: Problems
    files: int


def prepare(project: Project, progress: Progress | None = None, strict: bool = True) -> Prepared:
    """Load, validate and catalog all content; raise ContentError when there are errors and `strict`.

    The cyclic garbage collector is paused meanwhile: loading creates hundreds of
    thousands of long-lived objects and no cycles, and its passes cost a third of the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _prepare(project, progress, strict)
    finally:
        if was_enabled:
            gc.enable()


def _prepare(project: Project, progress: Progress | None, strict: bool) -> Prepared:
    progress = progress or Progress(enabled=False)
    problems = Problems()
    progress.begin()
    if not project.content_dir.is_dir():
        problems.error(str(project.content_dir), 0, "content_dir", "không tìm thấy thư mục nội dung",
                       "kiểm tra mục content_dir của plugin dienhinh trong mkdocs.yml")
        raise ContentError(problems)
    vocabularies = load_vocabularies(project.data_dir, project.root, problems)
    found = discover(project.content_dir)
    jobs = [(name, file) for name, files in found.items() for file in files]
    total = len(jobs)
    cache = ValidationCache(project.cache_dir / "validation.pickle",
                            stamp([project.data_dir], project.root, project.content_dir))
    looked_up = [cache.get(file) for _, file in jobs]
    changed = [job for job, (_, result) in zip(jobs, looked_up) if result is None]
    state = {"vocabularies": vocabularies, "root": project.root, "content": project.content_dir}
    checked = iter(ordered_map(_validate_job, changed, state, even=True))
    entries = []
    failed: dict[str, set[str]] = {name: set() for name in COLLECTIONS}
    for done, ((name, file), (own, result)) in enumerate(zip(jobs, looked_up), start=1):
        if result is None:
            result, depends = next(checked)
            cache.put(file, own, depends, result)
            progress.tick("Kiểm tra", done, total)
        entry, found_problems = result
        problems.extend(found_problems)
        if entry is None:
            failed[name].add(slugify(file.stem))
        else:
            entries.append(entry)
    cache.save()
    counts = ", ".join(f"{number(len(found[n]))} {COLLECTIONS[n].singular}" for n in COLLECTIONS)
    progress.stage("Đọc và kiểm tra nội dung",
                   f"{number(total)} tệp ({counts}); {number(len(changed))} tệp mới hoặc đã sửa")
    catalog = build_catalog(entries, vocabularies, problems, project.today, project.preview, failed)
    hidden = len(catalog.hidden)
    progress.stage("Lập danh mục", f"{number(len(catalog.entries()))} mục và {number(len(catalog.pages))} trang "
                   f"thông tin được đăng, {number(hidden)} mục chưa đăng"
                   f" (bản nháp, hẹn ngày hoặc đã gỡ); {problems.summary()}")
    if strict and problems.errors:
        raise ContentError(problems)
    return Prepared(catalog, problems, total)
