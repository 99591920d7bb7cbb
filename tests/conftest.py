"""Shared fixtures: throw-away projects built from the repository's theme and vocabularies."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2025-06-01"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def make_project(base: Path, files: dict[str, str] | None = None, sample: bool = False) -> Path:
    """A project folder with mkdocs.yml, theme and vocabularies; `files` are paths under content/."""
    project = base / "project"
    if sample:
        shutil.copytree(ROOT / "content", project / "content")
    else:
        shutil.copytree(ROOT / "content" / "data", project / "content" / "data")
        for name in ("movements", "models", "people"):
            (project / "content" / name).mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "build" / "docs").mkdir(parents=True)
    for relative_path, text in (files or {}).items():
        path = project / "content" / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def run(project: Path, *args: str, today: str = TODAY, workers: int | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the dienhinh command as staff would, in the project folder, as on `today`."""
    environment = {**os.environ, "PYTHONUTF8": "1", **(env or {})}
    options = ["--today", today, *(["--workers", str(workers)] if workers else [])]
    return subprocess.run([sys.executable, "-m", "dienhinh", *options, *args], cwd=project, capture_output=True,
                          text=True, env=environment, timeout=600)


# One problem line of `dienhinh validate`, as staff read it.
LINE = re.compile(r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?: (?P<severity>lỗi|cảnh báo): (?P<field>.+?) — (?P<message>.+)$")


def problems(result) -> list[dict]:
    """The problem lines of a run's output, parsed."""
    found = []
    for text in result.stdout.splitlines():
        match = LINE.match(text)
        if match:
            found.append(match.groupdict())
    return found


def one(result, path: str, field: str) -> dict:
    matches = [p for p in problems(result) if p["path"] == path and p["field"] == field]
    assert len(matches) == 1, (path, field, result.stdout, result.stderr)
    return matches[0]


MOVEMENT = """---
title: Lao động giỏi, Lao động sáng tạo
date: 2020-06-26
summary: Phong trào trọng tâm của tổ chức Công đoàn.
---
"""


def person(name: str, extra: str = "", body: str = "", date: str = "2020-06-26") -> str:
    return f"---\nname: {name}\nunit: benh-vien-da-khoa-tinh\ndate: {date}\nsummary: Gương tiêu biểu.\n{extra}---\n{body}\n"


def model(title: str, extra: str = "", body: str = "", date: str = "2020-06-26") -> str:
    return (f"---\ntitle: {title}\nkind: sang-kien\nunits: [benh-vien-da-khoa-tinh]\nfield: y-te\n"
            f"date: {date}\nsummary: Sáng kiến tiêu biểu.\n{extra}---\n{body}\n")


def undelta(gaps: list[int]) -> list[int]:
    """Record numbers from the search index's gap encoding (each number minus the last, minus one)."""
    numbers, previous = [], -1
    for gap in gaps:
        previous += gap + 1
        numbers.append(previous)
    return numbers


def require(available: bool, what: str, variable: str) -> None:
    """Skip when a tool is missing on a developer's machine, fail when CI (`variable` set) promised it."""
    if available:
        return
    if os.environ.get(variable):
        pytest.fail(f"{what} is missing but {variable} is set")
    pytest.skip(f"{what} not installed")


def require_poppler() -> None:
    require(all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts")),
            "poppler-utils (pdftotext, pdfinfo, pdffonts)", "DIENHINH_REQUIRE_POPPLER")


def icu_collator():
    try:
        import icu
    except ImportError:
        icu = None
    require(icu is not None, "PyICU", "DIENHINH_REQUIRE_ICU")
    return icu.Collator.createInstance(icu.Locale("vi"))


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample project built once by `dienhinh build`, for tests that only read it."""
    project = make_project(tmp_path_factory.mktemp("sample"), sample=True)
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skipped when absent, except in CI."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(bool(executable) and sync_playwright is not None, "Chromium or Playwright", "DIENHINH_REQUIRE_BROWSER")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def serve_folder():
    """Serve a folder over HTTP on localhost; returns its base URL."""
    servers = []

    def start(folder: Path, handler_class: type | None = None) -> str:
        handler = functools.partial(handler_class or QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 - keep test output readable
        pass


# ------------------------------------------------------------------ in-memory values for unit tests

@pytest.fixture(scope="session")
def vocabularies():
    """The sample vocabularies, read once: unit tests build entries and catalogs in memory around them."""
    from dienhinh.content.vocabulary import load_vocabularies
    from dienhinh.problems import Problems

    problems = Problems()
    found = load_vocabularies(ROOT / "content" / "data", ROOT, problems)
    assert not problems.errors
    return found


def entry(collection_kind: str, entry_id: str, **values):
    """A typed entry as validation would make it, without a file."""
    from dienhinh.content.entries import ENTRY_TYPES

    collection = {"movement": "movements", "model": "models", "person": "people", "page": "pages",
                  "honour": "honours"}[collection_kind]
    values.setdefault("date", date(2020, 6, 26))
    values.setdefault("text", "")
    return ENTRY_TYPES[collection](collection=collection, id=entry_id, path=f"content/{collection}/{entry_id}.md",
                                   **values)


def memory_site(tmp_path: Path, vocabularies, entries: list, today: date = date(2025, 6, 1), page_size: int = 50,
                preview: bool = False):
    """A SiteContext over in-memory entries, with its project folders in tmp_path; and the problems found."""
    from dienhinh.content.catalog import build_catalog
    from dienhinh.pages.context import SiteContext
    from dienhinh.problems import Problems
    from dienhinh.project import Options, Project

    sample = Project.load(ROOT / "mkdocs.yml")
    project = Project(root=tmp_path, content_dir=tmp_path / "content", docs_dir=tmp_path / "docs",
                      site_dir=tmp_path / "site", site_name=sample.site_name, site_url="https://vd.example/",
                      organisation=sample.organisation, options=Options(page_size=page_size),
                      preview=preview, today=today, workers=1)
    problems = Problems()
    catalog = build_catalog(entries, vocabularies, problems, today, preview)
    return SiteContext(project, catalog), problems
