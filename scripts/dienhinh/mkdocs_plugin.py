"""The `dienhinh` MkDocs plugin: `mkdocs build` and `mkdocs serve` run the same pipeline as `dienhinh build`.

MkDocs drives: on_config runs the stages up to the generated pages (a content error stops the
build before MkDocs touches any output) and points MkDocs at a staging folder; MkDocs renders
with the adapter's page hooks; on_post_build writes the outputs and publishes the staging folder.
`mkdocs serve` also watches content/, so editing an entry reloads the browser.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError

from . import pipeline, publish
from .problems import ContentError
from .progress import Progress
from .project import Options, Project, read_config
from .render.mkdocs import PageHooks, RenderMemory

SERVE_STATE = "serve-state.json"  # in the cache folder: what the preview's shadow pages were rendered from
SERVE_PAGES = "serve-pages"  # in the cache folder: links to the last preview's pages (serve empties its output)


class DienHinhConfig(Config):
    """Project.Options (their defaults live there), plus the choices `dienhinh serve` passes."""

    content_dir = c.Optional(c.Type(str))
    page_size = c.Optional(c.Type(int))
    feed_items = c.Optional(c.Type(int))
    feed_namespace = c.Optional(c.Type(str))
    cache_dir = c.Optional(c.Type(str))
    cms = c.Optional(c.Type(dict))
    preview = c.Optional(c.Type(bool))  # default: drafts shown by `mkdocs serve`, not by `mkdocs build`
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: build as on that day (reproducible builds)
    workers = c.Optional(c.Type(int))


class DienHinhPlugin(PageHooks):
    config_class = DienHinhConfig

    def reset(self) -> None:
        super().reset()
        self.project: Project | None = None
        self.prepared: pipeline.Prepared | None = None
        self.lock: publish.BuildLock | None = None
        self.staging: publish.Staging | None = None
        self.memory: RenderMemory | None = None
        self.inputs = ""

    def on_config(self, config):
        if not self.driven:  # mkdocs build/serve run directly: this plugin runs the pipeline
            self._prepare(config)
        return super().on_config(config)

    def _prepare(self, config) -> None:
        settings = dict(self.config)
        try:
            today = date.fromisoformat(settings["today"]) if settings.get("today") else None
        except ValueError:
            raise PluginError(f'mkdocs.yml: today "{settings["today"]}" không phải ngày dạng 2025-06-01') from None
        preview = settings["preview"] if settings.get("preview") is not None else self.command == "serve"
        project = Project.from_config(Path(config.config_file_path), config,
                                      {k: v for k, v in settings.items() if k in Options.__dataclass_fields__},
                                      preview=preview, today=today, workers=settings.get("workers"))
        if self.command == "serve":  # MkDocs put its own address in site_url: cards and links keep the site's
            project.site_url = read_config(Path(config.config_file_path)).get("site_url") or ""
        self.project = project
        progress = Progress()
        progress.begin()
        self.lock = publish.BuildLock(project.cache_dir)
        try:
            self.lock.acquire()
            prepared = pipeline.prepare(project, progress)
        except publish.PublishError as error:
            self._release()
            raise PluginError(str(error)) from None
        except ContentError as error:
            self._release()
            pipeline.show_problems(error.problems, sys.stderr)
            raise PluginError(pipeline.content_error_message(error)) from None
        self.prepared = prepared
        self.attach(prepared.pages, prepared.site.labels, progress, project.workers, project.cache_dir, driven=False)
        if self.command == "serve":
            self.memory = RenderMemory(project.cache_dir / SERVE_STATE, project.cache_dir / SERVE_PAGES)
            self.inputs = RenderMemory.inputs(config, prepared.pages, prepared.site.labels)
            self.carried = self.memory.carried(prepared.pages, self.inputs)
        if self.command in ("build", "gh-deploy"):
            try:
                self.staging = publish.Staging(Path(config.site_dir))
            except publish.PublishError as error:
                self._release()
                raise PluginError(str(error)) from None
            config.site_dir = str(self.staging.folder)

    def on_serve(self, server, *, config, builder):
        """Watch what staff edit (content/, the theme overrides), not the generated docs folder: the build
        writes there itself, and watching it made every save rebuild twice."""
        root = Path(config.config_file_path).resolve().parent
        server.unwatch(config.docs_dir)
        server.watch(str(root / (self.config.content_dir or Options().content_dir)))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server

    def on_post_build(self, *, config) -> None:
        super().on_post_build(config=config)
        if self.driven:
            return
        try:
            if self.memory is not None:
                self.memory.carry(self.carried, Path(config.site_dir))
            pipeline.finish(self.prepared, Path(config.site_dir), self.progress)
            if self.memory is not None:
                self.memory.mirror(self.prepared.pages, Path(config.site_dir), self.inputs)
            if self.staging is not None:
                self.staging.publish(self.progress)
                config.site_dir = str(self.staging.site_dir)
        except OSError as error:
            raise PluginError(str(publish.explain(error))) from None
        except publish.PublishError as error:
            raise PluginError(str(error)) from None
        self._release()
        self.reset()

    def on_build_error(self, *, error: Exception) -> None:
        super().on_build_error(error=error)
        if self.driven:
            return
        if self.staging is not None:
            self.staging.discard()
        self._release()
        self.reset()

    def on_shutdown(self) -> None:
        self._release()

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None
