"""The build, in order: load → validate → catalog → media → pages → render → outputs → publish.

`dienhinh build` runs `build`; `dienhinh validate` runs `load` only; the MkDocs plugin runs
`prepare` before MkDocs renders and `finish` after it, when `mkdocs build` or `mkdocs serve`
drive. Each stage is a function of plain values returning plain values; the renderer is an
adapter (render/), so changing the engine changes no stage.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from . import publish
from .content.cache import ValidationCache, signature, stamp
from .content.catalog import Catalog, build_catalog
from .content.discovery import discover
from .content.entries import Entry
from .content.schema import COLLECTIONS
from .content.validate import validate_file
from .content.vocabulary import Vocabularies, load_vocabularies
from .media import prepare_media
from .outputs import OutputReport, write_outputs
from .pages.context import SiteContext
from .pages.generate import GeneratedPages, generate
from .pages.markdown_body import Bodies
from .parallel import ordered_map
from .problems import ContentError, Problems
from .problems.formats import render as render_problems
from .progress import Progress, number, seconds
from .project import Project
from .render import Renderer
from .text.vietnamese import slugify


@dataclass
class Content:
    """The loaded, validated content: what `dienhinh validate` reports."""

    catalog: Catalog
    problems: Problems
    files: int


@dataclass
class Prepared:
    """Everything before rendering: the content, the site every page is made from, the generated pages."""

    content: Content
    site: SiteContext
    pages: GeneratedPages


@dataclass
class BuildReport:
    entries: int
    pages: int
    feeds: int
    warnings: int
    seconds: float
    outputs: list[OutputReport] = field(default_factory=list)

    def summary(self) -> str:
        return (f"Xong: {number(self.entries)} mục, {number(self.pages)} trang, {number(self.feeds)} nguồn tin, "
                f"{number(self.warnings)} cảnh báo, {seconds(self.seconds)}.")


def build(project: Project, renderer: Renderer, progress: Progress) -> BuildReport:
    """The whole build; raises ContentError, RenderError or PublishError, and then site/ is untouched."""
    with publish.BuildLock(project.cache_dir):
        prepared = prepare(project, progress)                                  # load → … → pages
        with publish.Staging(project.site_dir) as staging:
            renderer.render(prepared.pages, staging.folder, prepared.site.labels, progress)   # render
            reports = finish(prepared, staging.folder, progress)               # outputs
            staging.publish(progress)                                          # publish
    return BuildReport(len(prepared.content.catalog.entries()), len(prepared.pages),
                       sum(report.feeds for report in reports), len(prepared.content.problems.warnings),
                       progress.elapsed(), reports)


def prepare(project: Project, progress: Progress) -> Prepared:
    content = load(project, progress)                                          # load, validate, catalog
    media = prepare_media(project, content.catalog, content.problems, progress)   # media
    show_problems(content.problems)
    site = SiteContext(project, content.catalog, media, Bodies(project.cache_dir / "bodies.json", project.workers))
    return Prepared(content, site, generate(site, progress))                   # pages


def finish(prepared: Prepared, output_dir: Path, progress: Progress) -> list[OutputReport]:
    return write_outputs(prepared.site, output_dir, progress)


def load(project: Project, progress: Progress, strict: bool = True) -> Content:
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


def show_problems(problems: Problems, stream: TextIO | None = None) -> None:
    """Every problem of the run, one line each, sorted by file and line: the one place they are printed."""
    text = render_problems(problems.sorted(), "text")
    if text:
        print(text, end="", file=stream or sys.stderr, flush=True)


def content_error_message(error: ContentError) -> str:
    return (f"Nội dung có {len(error.problems.errors)} lỗi, chưa dựng trang. Trang đang đăng được giữ nguyên. "
            "Sửa các lỗi ở trên rồi dựng lại.")


@dataclass(frozen=True)
class _Checking:
    """What a forked validation worker needs besides the file."""

    root: Path
    content: Path
    vocabularies: Vocabularies


def _validate_job(checking: _Checking, job: tuple[str, Path]) -> tuple[tuple[Entry | None, list], list]:
    """The file's entry and problems, and the signature of every other file they were read from."""
    name, file = job
    own, depends = Problems(), []
    entry = validate_file(COLLECTIONS[name], file, checking.root, checking.content, checking.vocabularies,
                          own, depends)
    return (entry, own.items), [(str(path), signature(path)) for path in dict.fromkeys(depends)]


def _load(project: Project, progress: Progress, strict: bool) -> Content:
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
    checking = _Checking(project.root, project.content_dir, vocabularies)
    checked = iter(ordered_map(_validate_job, changed, checking, workers=project.workers, even=True))
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
    return Content(catalog, problems, total)
