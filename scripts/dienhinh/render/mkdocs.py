"""The renderer adapter for MkDocs 1.6 with Material for MkDocs: the only module of the core that imports MkDocs.

`MkDocsRenderer.render` runs `mkdocs build` on the generated docs folder into a given output
folder. `PageHooks` are the MkDocs events that rendering generated pages needs: page metadata
from memory instead of parsing every front matter again, HTML bodies passed through without
Markdown conversion, navigation entries for missing pages dropped, pages rendered on every core
(`ForkedRendering`) and progress counted. The `dienhinh` plugin (mkdocs_plugin.py) is these hooks
plus the rest of the pipeline, for `mkdocs build` and `mkdocs serve` run directly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import stat as stat_module
import sys
import traceback
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin

import mkdocs
from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from .. import routes
from ..files import link_files, write_atomically
from ..inputs import configuration
from ..pages.generate import GeneratedPages
from ..pages.templates import template_cache
from ..progress import Progress, number
from ..project import brand_colours
from . import RenderError
from .shared_blocks import SharedBlocks

PLUGIN = "dienhinh"
SKIP_TEMPLATE = "dienhinh-skip.html"  # theme/: renders nothing, so MkDocs writes no file
FORKING_FROM = 400  # pages; below this, forking costs more than it saves
RENDER_STATE = "render-state.json"  # in the cache folder: what the published site's pages were rendered from


def drop_missing(nav: Any, written: set[str], warn: Callable[[str], None] | None = None) -> Any:
    """Nav entries whose page was not generated (an information page still a draft, or deleted)
    are left out with a warning (to `warn`, if given) rather than published as broken links."""
    if not isinstance(nav, list):
        return nav
    kept = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if isinstance(target, list):
                kept.append({title: drop_missing(target, written, warn)})
                continue
            if isinstance(target, str) and target.endswith(".md") and target not in written:
                if warn is not None:
                    warn(f'mkdocs.yml: cảnh báo: nav — mục "{title}" trỏ tới {target}, trang này chưa có '
                         "(bản nháp hoặc đã xóa) nên tạm bỏ khỏi thanh điều hướng")
                continue
        kept.append(item)
    return kept


def _nav_targets(nav: Any):
    """The .md files a navigation (mkdocs.yml `nav`) points at."""
    for item in nav if isinstance(nav, list) else ():
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, list):
                yield from _nav_targets(value)
            elif isinstance(value, str) and value.endswith(".md"):
                yield value


_PRESERVED = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


# Material's base.html gives its two toggle checkboxes autocomplete="off", which HTML allows on text
# fields only (the Nu Html Checker flags every page); its template has no block to override them.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')


def valid_toggles(html: str) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1>", html)


def compact(html: str) -> str:
    """Template indentation and blank lines removed: a newline is kept wherever there was one, so no word
    joins another, and <pre> and <textarea> keep every space. A fifth of an entry page was indentation."""
    parts = _PRESERVED.split(html)
    out = []
    index = 0
    while index < len(parts):
        out.append(_INDENT.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])  # the preserved element, as it was
        index += 3
    return "".join(out)


BRAND_STYLESHEET = "assets/stylesheets/dienhinh.css"


def with_brand_colours(css: str, colours: dict[str, str]) -> str:
    """The theme's style sheet with the organisation's colour variables (project.brand_colours) last, so that they
    win over its defaults: once for the site instead of 200 bytes in each of 11,000 pages."""
    rule = "".join(f"{name}:{value};" for name, value in sorted(colours.items()))
    return f"{css.rstrip()}\n\n/* The organisation's colours (mkdocs.yml: extra.organisation.colors). */\n:root>*{{{rule}}}\n"


def unused_theme_file(path: str, config) -> bool:
    """A file Material ships that no page here loads: source maps (for debugging Material itself), and Material's
    own search (lunr and its worker) and colour palettes when they are not configured; 2.3 of the 2.6 MB of
    its scripts."""
    if not path.startswith("assets/"):
        return False
    if path.endswith(".map"):
        return True
    if path.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/")):
        return "material/search" not in config.plugins and "search" not in config.plugins
    if path.startswith("assets/stylesheets/palette."):
        return not config.theme.get("palette")
    return False


def _pure_html(meta: dict[str, Any]) -> bool:
    """A generated page whose body is HTML already (pages/templates.py page_meta), not Markdown."""
    return bool((meta.get("dienhinh") or {}).get("html"))


def without_front_matter(source: str) -> str:
    """The HTML body of a generated page: its metadata comes from memory, parsed front matter would cost
    a tenth of the build at 10,000 pages."""
    if source.startswith("---\n"):
        end = source.find("\n---\n", 4)
        if end != -1:
            return source[end + 5:]
    return source


class _SkippedPages(logging.Filter):
    """MkDocs logs every page rendered empty; those are the pages a forked renderer wrote."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Page skipped")


class _PageFailed(logging.Filter):
    """MkDocs names, in English, the page it was building when it failed; the reason follows on the next line,
    in Vietnamese (template_problem, a BuildError's own message, or the program error)."""

    _FAILED = re.compile(r"Error (building|reading) page '([^']*)'")

    def filter(self, record: logging.LogRecord) -> bool:
        if (failed := self._FAILED.match(str(record.msg))) is not None:
            record.msg, record.args = f"khi dựng trang {failed.group(2)} (lý do ở dòng dưới)", ()
        return True


class _NotCleaning(logging.Filter):
    """MkDocs warns that a build which does not empty its output folder may leave stale pages; ours holds no
    files to begin with (publish.Staging), only the folders it reuses."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build")


class ForkedRendering:
    """Renders a share of the pages through MkDocs' own page builder in forked processes.

    MkDocs renders pages one after another; at 10,000 pages the theme's templates are most of
    the build. After all pages are read (on_env) the process forks; each child renders every
    n-th page with MkDocs' `_build_page` (same context, template and plugin events as the
    parent would use) into the output folder, and the parent renders the rest, giving the
    children's pages an empty template. A child that fails fails the build.
    """

    def __init__(self, config, files, nav, env, workers: int):
        self.children: list[int] = []
        self.rendered = multiprocessing.Value("i", 0, lock=True)
        self.problem = multiprocessing.Array("c", 4096)  # a child's template problem, for the parent to report
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        todo = [file for file in doc_files if file.page.meta.get("template") != SKIP_TEMPLATE]
        for share in range(1, workers):
            pid = os.fork()
            if pid == 0:
                self._render(config, doc_files, nav, env, todo[share::workers])
            self.children.append(pid)
        for share in range(1, workers):
            for file in todo[share::workers]:
                file.page.meta = {**file.page.meta, "template": SKIP_TEMPLATE}
        _filter_build_log()

    def _render(self, config, doc_files, nav, env, mine) -> None:
        code = 0
        try:
            for file in mine:
                mkdocs_build._build_page(file.page, config, doc_files, nav, env,
                                         excluded=file.inclusion.is_excluded())
                with self.rendered.get_lock():
                    self.rendered.value += 1
        except TemplateError as error:
            with self.problem.get_lock():
                if not self.problem.value:
                    self.problem.value = template_problem(error, Path(config.config_file_path).parent).encode()[:4095]
            code = 1
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
            raise PluginError(self.problem.value.decode("utf-8", "replace") or (
                "Dựng HTML song song bị lỗi ở một tiến trình con (xem thông báo ở trên). Trang đang đăng được giữ nguyên."))
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
    def possible(command: str, pages: int, workers: int) -> bool:
        return (command == "build" and pages >= FORKING_FROM and workers > 1 and hasattr(os, "fork")
                and mkdocs.__version__.startswith("1.6.") and hasattr(mkdocs_build, "_build_page"))


class PageHooks(BasePlugin):
    """The MkDocs events that render generated pages; `attach` hands them one build's pages first."""

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self._pid = os.getpid()  # forked renderers must not print progress
        self.reset()

    def attach(self, pages: GeneratedPages, labels: dict[str, Any], progress: Progress, workers: int,
               cache_dir: Path, driven: bool = True, carried: frozenset[str] = frozenset()) -> None:
        """The pages of the build about to run; `driven`: by MkDocsRenderer, not by MkDocs' own command;
        `carried`: pages not to render, their HTML comes from the published site; compiled theme templates
        are kept in `cache_dir`."""
        self.pages, self.labels, self.progress, self.workers, self.driven = pages, labels, progress, workers, driven
        self.carried, self.cache_dir = carried, cache_dir

    def reset(self) -> None:
        """Forget the last build: `mkdocs serve` keeps a plugin that has on_startup across rebuilds."""
        self.pages: GeneratedPages | None = None
        self.labels: dict[str, Any] = {}
        self.progress = Progress(enabled=False)
        self.workers = 1
        self.driven = False
        self.carried: frozenset[str] = frozenset()
        self.cache_dir: Path | None = None
        self.rendered = 0
        self.forked: ForkedRendering | None = None
        self._nav = None
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        print(message, file=sys.stderr)
        self.warnings.append(message)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        if self.pages is not None:
            config.extra["dienhinh_labels"] = self.labels  # for theme templates (header search, 404 page)
            config.extra["dienhinh_search"] = routes.SEARCH
            config.extra["dienhinh_colours"] = brand_colours(config.extra.get("organisation") or {})[0]
            config.extra["dienhinh_footer_links"] = self.footer_links()
            config.nav = drop_missing(config.nav, self.pages.written, self.warn)
        return config

    def footer_links(self) -> list[tuple[str, str]]:
        """Footer links (label, site path): the staff guide and the form editor live here, not in the public menu."""
        labels = self.labels.get("footer") or {}
        links = [("open_data", routes.OPEN_DATA), ("feed", routes.FEEDS)]
        if routes.GUIDE + "index.md" in self.pages.meta:
            links.append(("guide", routes.GUIDE))
        links.append(("admin", routes.ADMIN))
        return [(labels.get(key, key), url) for key, url in links]

    def on_files(self, files, *, config):
        """Carried pages outside the navigation are not even read: their HTML is linked afterwards, and no
        other page's HTML depends on them (entries are outside the nav; sitemap.xml is written by outputs).
        Theme files no page loads are not published, and the organisation's colours end the site's style sheet."""
        for file in [f for f in files if unused_theme_file(f.src_uri, config)]:
            files.remove(file)
        colours = config.extra.get("dienhinh_colours")
        style = files.get_file_from_path(BRAND_STYLESHEET) if colours else None
        if style is not None and style.abs_src_path:
            css = Path(style.abs_src_path).read_text(encoding="utf-8")
            files.remove(style)
            files.append(File.generated(config, BRAND_STYLESHEET, content=with_brand_colours(css, colours)))
        if self.carried:
            in_nav = set(_nav_targets(config.nav))
            for file in [f for f in files if f.src_uri in self.carried and f.src_uri not in in_nav]:
                files.remove(file)
        return files

    def on_nav(self, nav, *, config, files):
        self._nav = nav
        return nav

    @property
    def to_render(self) -> int:
        return len(self.pages) - len(self.carried) if self.pages is not None else 0

    def on_env(self, env, *, config, files):
        env.auto_reload = False  # templates do not change during a build; no stat per include
        # Material's page configuration as UTF-8, not \u escapes: a third of its bytes on every page
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
        if self.cache_dir is not None:
            env.bytecode_cache = template_cache(self.cache_dir)
        env.globals["dienhinh_shared"] = SharedBlocks(env, self._nav)  # this build's; forked renderers copy it
        if self.pages is not None and ForkedRendering.possible(self.command, self.to_render, self.workers):
            self.forked = ForkedRendering(config, files, self._nav, env, self.workers)
        return env

    def on_page_read_source(self, *, page, config):
        """A generated page of pure HTML is read when it is rendered (on_page_context), not with all the others
        before any is rendered: MkDocs would hold every page's HTML at once, 11,000 pages at 10,000 entries."""
        meta = self.pages.meta.get(page.file.src_uri) if self.pages is not None else None
        if meta is None:
            return None
        if page.file.src_uri in self.carried or _pure_html(meta):
            return ""
        return without_front_matter(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))

    def on_page_markdown(self, markdown, *, page, config, files):
        """Generated pages are pure HTML: skip Markdown conversion (same output, a third of the build time)."""
        meta = self.pages.meta.get(page.file.src_uri) if self.pages is not None else None
        if meta is not None:
            page.meta = {**meta, "template": SKIP_TEMPLATE} if page.file.src_uri in self.carried else meta
        return markdown

    def on_post_page(self, output, *, page, config):
        if _pure_html(page.meta):
            page.content = None  # written; no later page reads it
        return compact(valid_toggles(output))

    def on_post_template(self, output_content, *, template_name, config):
        return compact(valid_toggles(output_content)) if template_name.endswith(".html") else output_content

    def on_page_context(self, context, *, page, config, nav):
        if _pure_html(page.meta) and page.meta.get("template") != SKIP_TEMPLATE:
            page.content = without_front_matter(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
        source = (page.meta.get("dienhinh") or {}).get("source")
        if source and config.repo_url and config.edit_uri:
            page.edit_url = urljoin(urljoin(config.repo_url, config.edit_uri), source)
        if page.meta.get("template") != SKIP_TEMPLATE and os.getpid() == self._pid:
            self.rendered += 1
            done = self.rendered + (self.forked.rendered.value if self.forked else 0)
            self.progress.tick("Dựng HTML", done, self.to_render)
        return context

    def on_post_build(self, *, config) -> None:
        if self.forked is not None:
            self.rendered += self.forked.wait()
            self.forked = None
        kept = f", {number(len(self.carried))} trang không đổi giữ nguyên" if self.carried else ""
        self.progress.stage("Dựng HTML (MkDocs)", f"{number(self.rendered)} trang dựng{kept}")

    def on_build_error(self, *, error: Exception) -> None:
        if self.forked is not None:
            self.forked.stop()
            self.forked = None


def template_problem(error: TemplateError, root: Path) -> str:
    """A theme template that cannot be read or rendered, as a problem line: the template and line, what is
    wrong (Jinja's own words kept as the detail) and what to look at."""
    if isinstance(error, TemplateSyntaxError):
        place, line = error.filename or error.name or "", error.lineno
        what, hint = "viết sai cú pháp Jinja", "xem các cặp {% … %} và {{ … }} ở dòng này và các dòng ngay trước"
    else:
        place, line = _template_frame(error)
        if isinstance(error, TemplateNotFound):
            what = f"gọi tới tệp mẫu {error.name}, không có trong theme/ hay trong giao diện Material"
            hint = "xem lại tên tệp trong include, import hoặc extends"
        else:
            what, hint = "không dựng được", "xem các biến và thuộc tính dùng ở dòng này"
    try:
        shown = Path(place).resolve().relative_to(root.resolve()).as_posix() if place else "theme/"
    except ValueError:
        shown = place
    detail = "" if isinstance(error, TemplateNotFound) else f" (Jinja: {error.message})"  # which folders were searched
    return f"{shown}{f':{line}' if line else ''}: lỗi: mẫu giao diện — {what}{detail}; {hint}"


def _template_frame(error: BaseException) -> tuple[str, int | None]:
    """The template and line an error was raised at: Jinja rewrites the traceback so its frames are lines of
    templates."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".j2", ".txt")):
            return frame.filename, frame.lineno
    return "", None


def _aborted(error: Abort) -> str:
    """MkDocs' reason for stopping, which it gives in English after printing the problem itself."""
    text = str(error)
    if "BuildError" in text:
        return "lý do ở dòng trên."
    if (warnings := re.search(r"(\d+) warnings? in strict mode", text)) is not None:
        return f"dừng vì {warnings.group(1)} cảnh báo ở chế độ strict (mkdocs.yml)."
    return text


class _VietnameseLevels(logging.Formatter):
    _NAMES = {"WARNING": "Cảnh báo", "ERROR": "Lỗi", "CRITICAL": "Lỗi"}

    def format(self, record):
        record.levelname = self._NAMES.get(record.levelname, record.levelname)
        return super().format(record)


def quiet_logging() -> None:
    """MkDocs' own INFO lines are in English and duplicate ours; keep its warnings and errors."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h.formatter, _VietnameseLevels) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_VietnameseLevels("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    _filter_build_log()


def _filter_build_log() -> None:
    """MkDocs' notices about what this adapter does on purpose (pages left to forked renderers, an output
    folder not emptied) left out, and its line naming a page that failed in Vietnamese; once per process
    however many builds it runs."""
    build_log = logging.getLogger("mkdocs.commands.build")
    for kind in (_SkippedPages, _NotCleaning, _PageFailed):
        if not any(isinstance(existing, kind) for existing in build_log.filters):
            build_log.addFilter(kind())


def html_path(doc_path: str) -> str:
    """Where MkDocs (directory URLs) writes a docs file: 'a/b/index.md' → 'a/b/index.html'."""
    return doc_path[: -len(".md")] + ".html"


class RenderMemory:
    """What a folder of rendered pages was rendered from, so the next render can carry unchanged pages over.

    The state file records a digest of everything every page depends on (mkdocs.yml and the site
    address in force, the theme overrides, MkDocs' and Material's versions, this adapter, the labels,
    the navigation) and each page's own digest (its generated file), for the pages in `folder`. A
    page whose digest and the global one are unchanged is not rendered: its HTML is hard-linked from
    `folder`. Anything global that changed renders every page. `dienhinh build` remembers the published
    site; `mkdocs serve`, which empties its output folder before each rebuild, a shadow folder of links.
    """

    def __init__(self, state_file: Path, folder: Path):
        self.state_file = state_file
        self.folder = folder
        self.known: dict[str, list[int]] = {}  # carried page → its file's [size, time, inode], as just checked

    @staticmethod
    def inputs(config, pages: GeneratedPages, labels: dict[str, Any]) -> str:
        """A digest of what every page's HTML depends on besides its own generated file."""
        digest = hashlib.sha256()
        configuration(Path(config.config_file_path), digest)  # with what it inherits and the variables it reads
        for part in (mkdocs.__version__, version("mkdocs-material"),
                     config.site_url or "", Path(__file__).read_bytes(),
                     json.dumps(labels, sort_keys=True, ensure_ascii=False),
                     json.dumps(drop_missing(config.nav, pages.written), ensure_ascii=False)):
            digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
            digest.update(b"\0")
        custom = config.theme.custom_dir
        if custom and os.path.isdir(custom):
            for folder, subfolders, names in sorted(os.walk(custom)):
                subfolders.sort()
                for name in sorted(names):
                    path = Path(folder, name)
                    digest.update(path.relative_to(custom).as_posix().encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def carried(self, pages: GeneratedPages, inputs: str) -> frozenset[str]:
        """The pages rendered into `folder` from the same inputs, whose HTML is still there as it was written
        (same size, time and inode: a file edited or replaced by hand in site/ is rendered again)."""
        if not self.folder.is_dir():
            return frozenset()
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
            stat = self.folder.stat()
        except (OSError, ValueError):
            return frozenset()
        if state.get("inputs") != inputs or state.get("folder") != [stat.st_dev, stat.st_ino]:
            return frozenset()
        old, files = state.get("pages") or {}, state.get("files") or {}
        found = frozenset(doc_path for doc_path, digest in pages.digests.items()
                          if old.get(doc_path) == digest and files.get(doc_path) == self._file(doc_path))
        self.known = {doc_path: files[doc_path] for doc_path in found}
        return found

    def _file(self, doc_path: str) -> list[int] | None:
        try:
            status = os.lstat(f"{self.folder}/{html_path(doc_path)}")
        except OSError:
            return None
        return [status.st_size, status.st_mtime_ns, status.st_ino] if stat_module.S_ISREG(status.st_mode) else None

    def carry(self, carried: frozenset[str], output_dir: Path) -> None:
        folder, output = str(self.folder), str(output_dir)
        link_files((f"{folder}/{html_path(doc_path)}", f"{output}/{html_path(doc_path)}") for doc_path in carried)

    def remember(self, pages: GeneratedPages, inputs: str, known: dict[str, list[int]] | None = None) -> None:
        """`folder` now holds the pages rendered from `inputs`; `known`: the files of pages carried into it,
        links to the files checked a moment ago (same inode, size and time), which need no second look."""
        stat = self.folder.stat()
        known = known or {}
        write_atomically(self.state_file, json.dumps(
            {"inputs": inputs, "pages": pages.digests, "folder": [stat.st_dev, stat.st_ino],
             "files": {doc_path: known.get(doc_path) or self._file(doc_path) for doc_path in pages.digests}},
            sort_keys=True))

    def mirror(self, pages: GeneratedPages, output_dir: Path, inputs: str) -> None:
        """Make `folder` a shadow of the pages in `output_dir` (hard links), then remember it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for doc_path in pages.digests:
            source = output_dir / html_path(doc_path)
            target = self.folder / html_path(doc_path)
            if not source.is_file() or (target.is_file() and os.path.samefile(source, target)):
                continue  # a carried page is already a link to its shadow (and renaming a link onto it does nothing)
            temporary = target.with_name(f".{target.name}.{os.getpid()}")
            temporary.unlink(missing_ok=True)
            link_files([(str(source), str(temporary))])
            os.replace(temporary, target)
        self.remember(pages, inputs)


class ThemeListing:
    """The theme's files, as MkDocs lists them to copy into the site (Files.add_files_from_theme): Material
    ships 14,000 (its icons), and walking them and matching each against MkDocs' exclusion patterns took
    0.4 s of every build. An installed theme's files are listed once per version of it, and every verdict
    of the patterns once per set of patterns, both kept in the cache folder; a project's own theme folder
    is walked each time."""

    FILE = "theme-files.json"

    def __init__(self, cache_dir: Path):
        self.file = cache_dir / self.FILE
        try:
            self.kept = json.loads(self.file.read_text(encoding="utf-8"))
            if not isinstance(self.kept, dict) or not all(isinstance(v, dict) for v in self.kept.values()):
                self.kept = {}
        except (OSError, ValueError):
            self.kept = {}
        self.changed = False

    def attach(self, theme) -> None:
        """Make the environments of `theme` (this build's config) list their templates through this cache."""
        get_env = theme.get_env

        def env_listing_once():
            env = get_env()
            loader, filtered = env.loader, env.list_templates
            names = self.names(list(loader.searchpath))
            loader.list_templates = lambda: names

            def list_templates(extensions=None, filter_func=None):
                if extensions is not None or filter_func is None:
                    return filtered(extensions, filter_func)
                return self.filtered(names, filter_func, theme)
            env.list_templates = list_templates
            return env

        theme.get_env = env_listing_once

    def names(self, folders: list[str]) -> list[str]:
        """jinja2.FileSystemLoader.list_templates of these folders."""
        found: set[str] = set()
        listings = self.kept.setdefault("folders", {})
        for folder in folders:
            installed = _installed_version(folder)
            key = f"{folder}\0{installed}"
            listed = listings.get(key) if installed else None
            if not isinstance(listed, list):
                listed = []
                for root, _folders, files in os.walk(folder):
                    listed.extend(os.path.join(root, name)[len(folder):].strip(os.path.sep).replace(os.path.sep, "/")
                                  for name in files)
                listed = [name[2:] if name[:2] == "./" else name for name in listed]
                if installed:
                    listings[key], self.changed = listed, True
            found.update(listed)
        return sorted(found)

    def filtered(self, names: list[str], keep: Callable[[str], bool], theme) -> list[str]:
        """The names MkDocs' exclusion patterns keep; the patterns follow MkDocs' version and the theme's settings."""
        from mkdocs import utils as mkdocs_utils

        key = json.dumps([mkdocs.__version__, sorted(theme.static_templates), list(mkdocs_utils.markdown_extensions)])
        verdicts = self.kept.setdefault("verdicts", {})
        if verdicts.get("key") != key:
            verdicts.clear()
            verdicts["key"] = key
            verdicts["names"] = {}
        known = verdicts["names"]
        for name in names:
            if name not in known:
                known[name], self.changed = bool(keep(name)), True
        return [name for name in names if known[name]]

    def save(self) -> None:
        if self.changed:
            try:
                write_atomically(self.file, json.dumps(self.kept, ensure_ascii=False))
            except OSError:
                pass  # listed again next time


def _installed_version(folder: str) -> str:
    """The version of the installed package (MkDocs, Material) a theme folder belongs to; '' for any other."""
    for package in ("material", "mkdocs"):
        try:
            module = sys.modules.get(package) or __import__(package)
        except ImportError:
            continue
        root = os.path.dirname(os.path.abspath(module.__file__))
        if os.path.abspath(folder).startswith(root + os.sep):
            return f"{package} {version('mkdocs-material' if package == 'material' else 'mkdocs')}"
    return ""


class MkDocsRenderer:
    """`mkdocs build` of the generated pages with the project's mkdocs.yml, into any output folder;
    pages whose inputs did not change are carried over from the published site (RenderMemory)."""

    def __init__(self, config_file: Path, workers: int, cache_dir: Path, state_file: Path | None = None):
        self.config_file = config_file
        self.workers = workers
        self.cache_dir = cache_dir
        self.state_file = state_file
        self._pending: tuple[GeneratedPages, str, dict[str, list[int]]] | None = None
        self.warnings: list[str] = []  # the last render's, as printed

    def render(self, pages: GeneratedPages, output_dir: Path, labels: dict[str, Any], progress: Progress,
               previous: Path | None = None) -> int:
        """Render into `output_dir`, which holds no files (it may hold folders)."""
        quiet_logging()
        try:
            config = load_config(str(self.config_file), site_dir=str(output_dir))
        except ConfigurationError as error:
            raise RenderError(f"Tệp cấu hình {self.config_file.name} không hợp lệ: {error}") from None
        config.docs_dir = str(pages.docs)  # the preview generates its pages into a folder of its own
        hooks = config.plugins.get(PLUGIN)
        if not isinstance(hooks, PageHooks):
            hooks = PageHooks()
            config.plugins[PLUGIN] = hooks
        memory = RenderMemory(self.state_file, previous) if self.state_file and previous else None
        inputs = RenderMemory.inputs(config, pages, labels)
        carried = memory.carried(pages, inputs) if memory else frozenset()
        if carried:
            config.docs_dir = str(self._render_set(pages, carried, config))
        hooks.attach(pages, labels, progress, self.workers, self.cache_dir, carried=carried)
        listing = ThemeListing(self.cache_dir) if self.cache_dir is not None else None
        if listing is not None:
            listing.attach(config.theme)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            # "dirty": the output folder holds no files, only folders to reuse, which cleaning would delete
            mkdocs_build.build(config, dirty=True)
            rendered = hooks.rendered
            self.warnings = list(hooks.warnings)
        except Abort as error:
            raise RenderError(f"MkDocs không dựng được trang: {_aborted(error)}") from None
        except TemplateError as error:
            raise RenderError(template_problem(error, self.config_file.parent)) from None
        finally:
            config.plugins.on_shutdown()
            hooks.reset()
        if listing is not None:
            listing.save()
        if memory is not None:
            memory.carry(carried, output_dir)
        self._pending = (pages, inputs, memory.known if memory is not None else {})
        return rendered

    @staticmethod
    def _render_set(pages: GeneratedPages, carried: frozenset[str], config) -> Path:
        """A docs folder beside the generated one holding (as links) only the pages to render and the
        navigation's: MkDocs reads every file of its docs folder, a tenth of a one-edit build at 10,000 pages,
        and no page's HTML depends on a page outside the navigation."""
        docs = Path(config.docs_dir)
        folder = docs.with_name(docs.name + ".render")
        shutil.rmtree(folder, ignore_errors=True)
        in_nav = set(_nav_targets(config.nav))
        link_files((f"{docs}/{doc_path}", f"{folder}/{doc_path}") for doc_path in pages.meta
                   if doc_path not in carried or doc_path in in_nav)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def published(self, site_dir: Path) -> None:
        if self.state_file is None or self._pending is None:
            return
        RenderMemory(self.state_file, site_dir).remember(*self._pending)
        self._pending = None


class _Watcher:
    """What the live-reload server watches with: folders through inotify, so a save is seen at once and
    10,000 content files are not polled every half second while a build runs; single files (mkdocs.yml and
    what it inherits) polled as MkDocs does, so an editor that saves by replacing the file is still seen;
    a folder inotify cannot watch (no inotify, its limits reached) is polled."""

    def __init__(self, polling):
        self.polling = polling
        self.watches: dict = {}  # watch → the observer it was scheduled with
        try:
            from watchdog.observers.inotify import InotifyObserver

            self.native = InotifyObserver()
        except (ImportError, OSError):
            self.native = None

    def schedule(self, handler, path: str, recursive: bool = False):
        from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent

        observer = self.native if self.native is not None and os.path.isdir(path) else self.polling
        try:
            # inotify also reports files opened and read: the build reading content/ would set off a rebuild
            watch = observer.schedule(handler, path, recursive=recursive, event_filter=[
                FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]) \
                if observer is self.native else observer.schedule(handler, path, recursive=recursive)
        except OSError:
            if observer is self.polling:
                raise
            observer = self.polling
            watch = observer.schedule(handler, path, recursive=recursive)
        self.watches[watch] = observer
        return watch

    def unschedule(self, watch) -> None:
        self.watches.pop(watch).unschedule(watch)

    def _observers(self):
        return [o for o in (self.native, self.polling) if o is not None]

    def start(self) -> None:
        for observer in self._observers():
            observer.start()

    def stop(self) -> None:
        for observer in self._observers():
            if observer.is_alive():
                observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in self._observers():
            if observer.is_alive():
                observer.join(timeout)


def serve(folder: Path, address: str, mount_path: str, watched: list[Path], rebuild: Callable[[], None],
          progress: Progress) -> None:
    """Serve `folder` on `address` with MkDocs' live-reload server: `rebuild` runs once now and once after each
    burst of saves under `watched`, then open pages reload. The server only reads `folder`, which `rebuild`
    publishes like site/, so a page is never served half-written and a failed rebuild leaves the last preview."""
    from mkdocs.livereload import LiveReloadServer

    quiet_logging()
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)  # its lines are in English; a 404 is no warning
    host, _, port = address.rpartition(":")
    try:
        server = LiveReloadServer(builder=rebuild, host=host or "127.0.0.1", port=int(port), root=str(folder),
                                  mount_path=mount_path or "/")
    except (ValueError, OSError) as error:
        raise RenderError(f"Không mở được địa chỉ xem thử {address}: {error}") from None
    server.observer = _Watcher(server.observer)
    missing = folder / "404.html"
    server.error_handler = lambda code: missing.read_bytes() if code == 404 and missing.is_file() else None
    rebuild()
    for path in watched:
        if path.exists():
            server.watch(str(path), recursive=path.is_dir())
    try:
        progress.line(f"Xem thử tại {server.url} — lưu một tệp trong {', '.join(p.name for p in watched)} là trang "
                      "tự dựng lại và tải lại. Bấm Ctrl+C để dừng.")
        server.serve()
    except OSError as error:
        raise RenderError(f"Không mở được địa chỉ xem thử {address}: {error}") from None
    except KeyboardInterrupt:
        progress.line("Đã dừng xem thử.")
    finally:
        server.shutdown()
