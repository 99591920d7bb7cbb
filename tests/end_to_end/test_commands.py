"""The four ways to build: `dienhinh build`, `mkdocs build`, `dienhinh serve` and `mkdocs serve` run one pipeline."""

from __future__ import annotations

import filecmp
import re
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import TODAY, make_project, person, run


def files_of(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def set_plugin_option(project: Path, line: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      content_dir: content\n", f"      content_dir: content\n      {line}\n"),
                      encoding="utf-8")


def test_mkdocs_build_publishes_what_dienhinh_build_publishes(sample_build, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(sample_build, project, symlinks=True)
    by_dienhinh = sample_build / "site"
    shutil.rmtree(project / "site")
    set_plugin_option(project, f'today: "{TODAY}"')
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    by_mkdocs = project / "site"
    assert files_of(by_mkdocs) == files_of(by_dienhinh)
    different = [name for name in sorted(files_of(by_mkdocs))
                 if not filecmp.cmp(by_mkdocs / name, by_dienhinh / name, shallow=False)]
    assert different == []
    assert not (project / "site.staging").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
            if text in page:
                return page
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared at {url}; last page: {page[:300]!r}")


def _serve(command: list[str], project: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUTF8": "1"})


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def test_dienhinh_serve_shows_each_edit_and_keeps_the_last_preview_through_a_content_error(tmp_path):
    """Every save rebuilds: a second edit shows too; a save with an error leaves the last preview served and
    says why in Vietnamese; fixing it shows the fix. The published site/ is never written."""
    entry = tmp_path / "project" / "content" / "people" / "dao-viet-hung.md"
    project = make_project(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng", body="Lần đầu.")})
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen([sys.executable, "-m", "dienhinh", "--today", TODAY, "serve", "-a",
                                   f"127.0.0.1:{port}"], cwd=project, stdout=output, stderr=output,
                                  env={**os.environ, "PYTHONUTF8": "1"})
    url = f"http://127.0.0.1:{port}/ca-nhan/dao-viet-hung/"
    try:
        _wait_for(url, "Đào Việt Hưng")
        previous = "Gương tiêu biểu."
        for summary in ("Tóm tắt sửa lần một.", "Tóm tắt sửa lần hai."):
            entry.write_text(entry.read_text(encoding="utf-8").replace(previous, summary), encoding="utf-8")
            _wait_for(url, summary)
            previous = summary
        good = entry.read_text(encoding="utf-8")
        entry.write_text(good.replace("Tóm tắt sửa lần hai.", "Tóm tắt lỗi.").replace("name:", "name: [", 1),
                         encoding="utf-8")
        deadline = time.monotonic() + 60
        while "chưa dựng trang" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.5)
        with urllib.request.urlopen(url, timeout=5) as response:
            assert "Tóm tắt sửa lần hai." in response.read().decode("utf-8")
        entry.write_text(good.replace("Tóm tắt sửa lần hai.", "Tóm tắt đã sửa lỗi."), encoding="utf-8")
        _wait_for(url, "Tóm tắt đã sửa lỗi.")
    finally:
        _stop(server)
    text = log.read_text(encoding="utf-8")
    assert "Trang xem thử giữ bản trước." in text and "dao-viet-hung.md" in text, text
    assert "Traceback" not in text and "Serving" not in text and "Detected" not in text, text
    assert not (project / "site").exists()


def test_mkdocs_serve_previews_drafts(tmp_path):
    project = make_project(tmp_path, {"people/ban-nhap.md": person("Bản Nháp", extra="draft: true\n")})
    port = _free_port()
    server = _serve([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], project)
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/ca-nhan/ban-nhap/", "Bản Nháp")
        assert "bản nháp" in page.lower()
    finally:
        _stop(server)
    assert not (project / "site").exists()  # a preview never publishes


def test_serve_rebuilds_once_per_save_renders_what_changed_and_reuses_the_builds_cards(tmp_path):
    entry = tmp_path / "project" / "content" / "people" / "dao-viet-hung.md"
    project = make_project(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng", body="Lần đầu."),
                                      "people/le-thi-lan.md": person("Lê Thị Lan")})
    assert run(project, "build").returncode == 0
    builds_own = [project / ".cache" / "page-keys.json", project / "build" / "docs" / ".pages.json",
                  project / "build" / "docs" / "ca-nhan" / "dao-viet-hung" / "index.md"]
    before = [(path.read_bytes(), path.stat().st_mtime_ns) for path in builds_own]
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen([sys.executable, "-m", "dienhinh", "--today", TODAY, "serve", "-a",
                                   f"127.0.0.1:{port}"], cwd=project, stdout=output, stderr=output,
                                  env={**os.environ, "PYTHONUTF8": "1"})
    url = f"http://127.0.0.1:{port}/ca-nhan/dao-viet-hung/"
    try:
        _wait_for(url, "Đào Việt Hưng")
        first = log.read_text(encoding="utf-8")
        assert "Vẽ thẻ chia sẻ: 0 thẻ vẽ mới" in first, first  # the cards `dienhinh build` drew
        entry.write_text(entry.read_text(encoding="utf-8").replace("Gương tiêu biểu.", "Tóm tắt đã sửa."),
                         encoding="utf-8")
        _wait_for(url, "Tóm tắt đã sửa.")
        time.sleep(5)  # long enough for a rebuild set off by the build's own writes to start
        text = log.read_text(encoding="utf-8")
    finally:
        _stop(server)
    renders = [line for line in text.splitlines() if "Dựng HTML (MkDocs)" in line]
    assert len(renders) == 2, text  # the first preview and one rebuild for the one save
    done, kept = map(int, re.search(r"(\d+) trang dựng, (\d+) trang không đổi giữ nguyên", renders[1]).groups())
    assert 0 < done < kept, renders[1]  # the person's page and the lists showing the summary; not the rest
    # the preview generates and keys its pages apart: the build's pages and keys are as it left them, so the
    # next `dienhinh build` does not find another catalog state and key and write every page again
    assert [(path.read_bytes(), path.stat().st_mtime_ns) for path in builds_own] == before
