"""The thin MkDocs glue: run the core stages from `mkdocs build` and `mkdocs serve`.

on_config validates content and generates the Markdown pages; a content error
stops the build before MkDocs touches any output. Builds go to a staging
folder that replaces site/ in on_post_build. `mkdocs serve` also watches
content/, so editing an entry reloads the browser.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from . import publish
from .feeds import movement_feed_links, site_feed_links
from .outputs import registered_page_providers, run_outputs
from .pages import SiteContext, generate, load_labels
from .pipeline import Prepared, prepare
from .problems import ContentError
from .progress import Progress, number
from .project import Project
from .sharing import prepare_media


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

    def on_page_markdown(self, markdown, *, page, config, files):
        """Generated pages are pure HTML: skip Markdown conversion (same output, a third of the build time)."""
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
        self._rendered += 1
        self.progress.tick("Dựng HTML", self._rendered, self.pages_written)
        return context

    def on_post_build(self, *, config) -> None:
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
        if self.staging is not None:
            publish.discard(self.staging)
            self.staging = None
        self._release()

    def on_shutdown(self) -> None:
        self._release()

    def _release(self) -> None:
        if getattr(self, "lock", None) is not None:
            self.lock.release()
