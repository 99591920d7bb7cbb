"""The build, in order: load → validate → catalog → media → pages → render → outputs → publish.

`dienhinh build` runs `build`; `dienhinh validate` runs the content stage only (content/loader.py); the MkDocs plugin runs
`prepare` before MkDocs renders and `finish` after it, when `mkdocs build` or `mkdocs serve`
drive. Each stage is a function of plain values returning plain values; the renderer is an
adapter (render/), so changing the engine changes no stage. In an edit build the outputs that need
no rendered page are begun before the pages stage and written by a second process meanwhile
(outputs.begun); the published tree is the same.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TextIO

from . import inputs, outputs, publish
from .content.loader import Content, load_content
from .media import prepare_media
from .outputs import OutputReport
from .pages.context import SiteContext
from .pages.generate import GeneratedPages, generate, render_bodies
from .pages.markdown_body import Bodies
from .problems import ContentError, Problems
from .problems.formats import render as render_problems
from .progress import Progress, number, seconds
from .project import Project
from .render import Renderer


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
        snapshot = inputs.take(project)                                        # inputs as last time?
        if (last := inputs.unchanged(project, snapshot)) is not None:
            return unchanged(last, snapshot, progress)
        inputs.forget(project)
        with _long_lived() as settle:
            content, site = load(project, progress, settle)                    # load → … → media
            with publish.Staging(project.site_dir) as staging:
                try:
                    with outputs.begun(site, staging.folder, progress) as write_outputs:  # some outputs meanwhile
                        pages = generate(site, progress)                           # pages
                        settle()
                        renderer.render(pages, staging.folder, site.labels, progress,  # render
                                        previous=project.site_dir)
                        settle()
                        reports = write_outputs()                                  # outputs
                except OSError as error:  # disk full, permissions: the content was validated
                    raise publish.explain(error) from None
                staging.publish(progress)                                      # publish
                renderer.published(project.site_dir)
        counts = dict(zip(inputs.REPORT, (len(content.catalog.entries()), len(pages),
                                          sum(report.feeds for report in reports),
                                          len(content.problems.warnings))))
        messages = render_problems(content.problems.sorted(), "text") + \
            "".join(f"{warning}\n" for warning in renderer.warnings)
        inputs.remember(project, snapshot, counts, messages, staging.tree)
    return BuildReport(**counts, seconds=progress.elapsed(), outputs=reports)


def unchanged(last: dict, snapshot: inputs.Snapshot, progress: Progress) -> BuildReport:
    """Nothing the site is made from changed since it was published: it stays, and the run's warnings are repeated."""
    print(last["messages"], end="", file=sys.stderr, flush=True)
    progress.stage("Không có gì thay đổi", f"{number(snapshot.files)} tệp nội dung, mẫu, giao diện và mã như lần "
                   "dựng trước; site/ giữ nguyên")
    return BuildReport(**{name: last["report"][name] for name in inputs.REPORT}, seconds=progress.elapsed())


def load(project: Project, progress: Progress, settle: Callable[[], None] = lambda: None) -> tuple[Content, SiteContext]:
    """The content and the site every page and output is made from. `settle` is called with what each stage
    made, which lives to the end of the build (see _long_lived)."""
    content = load_content(project, progress)                                  # load, validate, catalog
    settle()
    media = prepare_media(project, content.catalog, content.problems, progress)   # media
    show_problems(content.problems)
    site = SiteContext(project, content.catalog, media, Bodies(project.cache_dir / "bodies.json", project.workers))
    render_bodies(site, progress)
    site.catalog_state  # noqa: B018 - taken once here, not again by each process the outputs run in
    settle()
    return content, site


def prepare(project: Project, progress: Progress) -> Prepared:
    """Everything before rendering, for the MkDocs plugin: `mkdocs build` and `mkdocs serve` render."""
    content, site = load(project, progress)
    return Prepared(content, site, generate(site, progress))


@contextmanager
def _long_lived() -> Iterator[Callable[[], None]]:
    """What each stage hands on (catalog, media, pages) lives until the build ends, millions of objects at
    10,000 entries, which Python's cycle collector walked again and again, and in every forked worker too,
    copying each memory page it touched: a quarter of a one-edit build. The block yields gc.freeze, called
    after each stage to leave what exists out of those walks (objects are still freed when unreferenced);
    on leaving, everything is handed back to the collector. What an earlier build in the same process left
    (`dienhinh serve`) is collected first: frozen again with the rest, it was never freed, and the preview
    grew by 14 MB a save at 1,000 entries."""
    gc.collect()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def finish(prepared: Prepared, output_dir: Path, progress: Progress) -> list[OutputReport]:
    return outputs.write_outputs(prepared.site, output_dir, progress)


def show_problems(problems: Problems, stream: TextIO | None = None) -> None:
    """Every problem of the run, one line each, sorted by file and line: the one place they are printed."""
    text = render_problems(problems.sorted(), "text")
    if text:
        print(text, end="", file=stream or sys.stderr, flush=True)


PUBLISHED_KEPT = "Trang đang đăng được giữ nguyên. Sửa các lỗi ở trên rồi dựng lại."
PREVIEW_KEPT = "Trang xem thử giữ bản trước. Sửa các lỗi ở trên rồi lưu tệp, trang sẽ tự dựng lại."


def content_error_message(error: ContentError, kept: str = PUBLISHED_KEPT) -> str:
    return f"Nội dung có {len(error.problems.errors)} lỗi, chưa dựng trang. {kept}"
