"""The thin MkDocs glue: run the core stages from `mkdocs build` and `mkdocs serve`.

on_config validates content and generates the Markdown pages; a content error
stops the build before MkDocs touches any output. Builds go to a staging
folder that replaces site/ in on_post_build. `mkdocs serve` also watches
content/, so editing an entry reloads the browser.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import traceback
from pathlib import Path
from urllib.parse import urljoin

import mkdocs
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import InclusionLevel

from . import publish
from .outputs.feeds import movement_feed_links, site_feed_links
from .outputs import registered_page_providers, run_outputs
from .pages.generate import SiteContext, generate, load_labels
from .pipeline import Prepared, prepare
from .problems import ContentError
from .parallel import cpu_count
from .progress import Progress, number
from .project import Project
from .media.sharing import prepare_media


def _drop_missing(nav, written: set[str]):
    """Nav entries whose page was not generated (an information page still a draft, or deleted)
    are left out with a warning rather than published as broken links."""
    if not isinstance(nav, list):
        return nav
    kept = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if isinstance(target, list):
                kept.append({title: _drop_missing(target, written)})
                continue
            if isinstance(target, str) and target.endswith(".md") and target not in written:
                print(f'mkdocs.yml: cảnh báo: nav — mục "{title}" trỏ tới {target}, trang này chưa có '
                      "(bản nháp hoặc đã xóa) nên tạm bỏ khỏi thanh điều hướng", file=sys.stderr)
                continue
        kept.append(item)
    return kept


SKIP_TEMPLATE = "dienhinh-skip.html"  # theme/: renders nothing, so MkDocs writes no file


class _SkippedPages(logging.Filter):
    """MkDocs logs every page rendered empty; those are the pages a forked renderer wrote."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Page skipped")


class ForkedRendering:
    """Renders a share of the pages through MkDocs' own page builder in forked processes.

    MkDocs renders pages one after another; at 10,000 pages the theme's templates are most of
    the build. After all pages are read (on_env) the process forks; each child renders every
    n-th page with MkDocs' `_build_page` (same context, template and plugin events as the
    parent would use) into the staging folder, and the parent renders the rest, giving the
    children's pages an empty template. A child that fails fails the build.
    """

    def __init__(self, config, files, nav, env):
        self.children: list[int] = []
        self.rendered = multiprocessing.Value("i", 0, lock=True)
        workers = cpu_count()
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for share in range(1, workers):
            pid = os.fork()
            if pid == 0:
                self._render(config, doc_files, nav, env, doc_files[share::workers])
            self.children.append(pid)
        for share in range(1, workers):
            for file in doc_files[share::workers]:
                file.page.meta = {**file.page.meta, "template": SKIP_TEMPLATE}
        logging.getLogger("mkdocs.commands.build").addFilter(_SkippedPages())

    def _render(self, config, doc_files, nav, env, mine) -> None:
        code = 0
        try:
            for file in mine:
                mkdocs_build._build_page(file.page, config, doc_files, nav, env,
                                         excluded=file.inclusion.is_excluded())
                with self.rendered.get_lock():
                    self.rendered.value += 1
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def wait(self) -> int:
        """Wait for the children; the number of pages they rendered. Raises if one failed."""
        failed = 0
        for pid in self.children:
            _pid, status = os.waitpid(pid, 0)
            failed += os.waitstatus_to_exitcode(status) != 0
        self.children = []
        if failed:
            raise PluginError("Dựng HTML song song bị lỗi ở một tiến trình con (xem thông báo ở trên). "
                              "Trang đang đăng được giữ nguyên.")
        return self.rendered.value

    def stop(self) -> None:
        for pid in self.children:
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except OSError:
                pass
        self.children = []

    @staticmethod
    def possible(command: str, pages: int) -> bool:
        return (command == "build" and pages >= 400 and cpu_count() > 1 and hasattr(os, "fork")
                and mkdocs.__version__.startswith("1.6.") and hasattr(mkdocs_build, "_build_page")
                and os.environ.get("DIENHINH_WORKERS") != "1")


class DienHinhConfig(Config):
    content_dir = c.Type(str, default="content")
    page_size = c.Type(int, default=50)
    feed_items = c.Type(int, default=50)
    feed_namespace = c.Type(str, default="dienhinh")
    cache_dir = c.Type(str, default=".cache")
    cms = c.Type(dict, default={})  # form editor: backend, local_backend (see form_editor.py)


class DienHinhPlugin(BasePlugin[DienHinhConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.progress = Progress()
        self.project: Project | None = None
        self.prepared: Prepared | None = None
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.pages_written = 0
        self._rendered = 0
        self.site: SiteContext | None = None
        self.feeds_written = 0
        self._html: dict[str, str] = {}
        self.page_meta: dict[str, dict] = {}
        self._nav = None
        self.forked: ForkedRendering | None = None
        self._pid = os.getpid()  # forked renderers must not print progress

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        serving = self.command == "serve"
        preview = None if os.environ.get("DIENHINH_PREVIEW") else serving
        root = Path(config.config_file_path).resolve().parent
        project = Project.from_config(root, config, dict(self.config), preview=preview)
        self.project = project
        self.progress = Progress()
        self.progress.begin()
        self.lock = publish.BuildLock(project.cache_dir)
        if not self.lock.acquire():
            raise PluginError("Đang có một lần dựng trang khác chạy trong thư mục này. Hãy đợi lần đó xong "
                              "rồi dựng lại. Trang đang đăng được giữ nguyên.")
        try:
            self.prepared = prepare(project, self.progress)
        except ContentError as error:
            for problem in error.problems.sorted():
                print(problem.format(), file=sys.stderr)
            raise PluginError(f"Nội dung có {len(error.problems.errors)} lỗi, chưa dựng trang. "
                              "Trang đang đăng được giữ nguyên. Sửa các lỗi ở trên rồi dựng lại.") from None
        labels = load_labels(project, self.prepared.catalog)
        config.extra["dienhinh_labels"] = labels  # for theme templates (header search, 404 page)
        site = SiteContext(project, self.prepared.catalog, labels, extra_links=site_feed_links(labels),
                           movement_links=lambda movement: movement_feed_links(labels, movement))
        self.site = site
        prepare_media(site, self.prepared.problems, self.progress)
        for problem in self.prepared.problems.sorted():
            print(problem.format(), file=sys.stderr)
        extra = [page for provider in registered_page_providers() for page in provider(site)]
        result = generate(site, self.progress, extra)
        self.pages_written = result.pages
        self.page_meta = result.meta
        config.nav = _drop_missing(config.nav, result.written)
        if self.command in ("build", "gh-deploy"):
            self.site_dir = Path(config.site_dir)
            self.staging = publish.prepare_staging(self.site_dir)
            config.site_dir = str(self.staging)
        return config

    def on_serve(self, server, *, config, builder):
        if self.project is not None:
            server.watch(str(self.project.content_dir))
        return server

    def on_nav(self, nav, *, config, files):
        self._nav = nav
        return nav

    def on_env(self, env, *, config, files):
        env.auto_reload = False  # templates do not change during a build; no stat per include
        if ForkedRendering.possible(self.command, self.pages_written):
            self.forked = ForkedRendering(config, files, self._nav, env)
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        """Generated pages are pure HTML: skip Markdown conversion (same output, a third of the build time).
        Their metadata comes from generation, in memory (see pages.PageWriter)."""
        meta = self.page_meta.get(page.file.src_uri)
        if meta is not None:
            page.meta = meta
        if (page.meta.get("dienhinh") or {}).get("html"):
            self._html[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html, *, page, config, files):
        return self._html.pop(page.file.src_uri, html)

    def on_page_context(self, context, *, page, config, nav):
        source = (page.meta.get("dienhinh") or {}).get("source")
        if source and config.repo_url and config.edit_uri:
            page.edit_url = urljoin(urljoin(config.repo_url, config.edit_uri), source)
        if page.meta.get("template") != SKIP_TEMPLATE and os.getpid() == self._pid:
            self._rendered += 1
            done = self._rendered + (self.forked.rendered.value if self.forked else 0)
            self.progress.tick("Dựng HTML", done, self.pages_written)
        return context

    def on_post_build(self, *, config) -> None:
        if self.forked is not None:
            self._rendered += self.forked.wait()
            self.forked = None
        self.progress.stage("Dựng HTML (MkDocs)", f"{number(self._rendered)} trang")
        reports = run_outputs(self.site, Path(config.site_dir), self.progress)
        self.feeds_written = sum(report.feeds for report in reports)
        if self.staging is not None and self.site_dir is not None:
            publish.swap_into_place(self.staging, self.site_dir)
            config.site_dir = str(self.site_dir)
            self.progress.stage("Xuất bản", f"{self.site_dir.name}/ "
                                f"({publish.folder_size(self.site_dir) / 1e6:.1f} MB)".replace(".", ","))
            self.staging = None
        self._release()

    def on_build_error(self, *, error: Exception) -> None:
        if self.forked is not None:
            self.forked.stop()
            self.forked = None
        if self.staging is not None:
            publish.discard(self.staging)
            self.staging = None
        self._release()

    def on_shutdown(self) -> None:
        self._release()

    def _release(self) -> None:
        if getattr(self, "lock", None) is not None:
            self.lock.release()
