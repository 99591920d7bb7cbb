"""Builds large enough to use every core (validation, generation, MkDocs rendering in forked
processes) give exactly the same site as a build in one process."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run
from dienhinh.synthetic import generate


def digests(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def large_project(tmp_path_factory):
    project = tmp_path_factory.mktemp("parallel") / "project"
    generate(project, 460)
    shutil.copytree(ROOT / "templates", project / "templates", dirs_exist_ok=True)
    (project / "build" / "docs").mkdir(parents=True, exist_ok=True)
    return project


def test_forked_build_equals_a_single_process_build(large_project):
    forked = run(large_project, "build")
    assert forked.returncode == 0, forked.stdout + forked.stderr
    assert "Dựng HTML (MkDocs): " in forked.stderr
    pages = int(forked.stderr.split("Dựng HTML (MkDocs): ")[1].split(" trang")[0].replace(".", ""))
    assert pages >= 400  # enough for the forked renderer to take part
    first = digests(large_project / "site")
    shutil.rmtree(large_project / "build" / "docs")
    (large_project / "build" / "docs").mkdir()
    single = run(large_project, "build", workers=1)
    assert single.returncode == 0, single.stdout + single.stderr
    second = digests(large_project / "site")
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
    assert "Page skipped" not in forked.stderr + forked.stdout


def test_shared_header_tabs_and_footer_are_what_each_page_would_render(large_project):
    """The theme's header, tab bar and footer are rendered once for the pages they come out the same on
    (render/shared_blocks.py); with main.html rendering them on every page instead, the site is the same to
    the byte: the relative links of listings, entries and the pages those blocks link to included."""
    shared = run(large_project, "build")
    assert shared.returncode == 0, shared.stdout + shared.stderr
    first = digests(large_project / "site")
    main = large_project / "theme" / "main.html"
    text = main.read_text(encoding="utf-8")
    each_page = "\n".join(line for line in text.splitlines() if "dienhinh_shared(" not in line)
    assert each_page.count("{% block ") == text.count("{% block ") - 3
    main.write_text(each_page, encoding="utf-8")
    try:
        rendered = run(large_project, "build")
    finally:
        main.write_text(text, encoding="utf-8")
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    second = digests(large_project / "site")
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_a_block_that_reads_the_page_is_rendered_on_every_page(tmp_path):
    """A theme whose header shows the page's title (something the shared blocks do not key on) gets each
    page's own title in it, not the first page's."""
    from conftest import make_project, person

    project = make_project(tmp_path, {f"people/nguoi-{n}.md": person(f"Nguyễn Văn Thử {n}") for n in range(1, 4)})
    header = project / "theme" / "partials" / "header.html"
    header.write_text(header.read_text(encoding="utf-8").replace(
        '<span class="dh-brand__title">', '<span class="dh-brand__title"><span class="page-title">{{ page.title | e }}</span>'),
        encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    for n in range(1, 4):
        page = (project / "site" / "ca-nhan" / f"nguoi-{n}" / "index.html").read_text(encoding="utf-8")
        assert f'<span class="page-title">Nguyễn Văn Thử {n}</span>' in page, n


def test_a_theme_template_failing_in_a_forked_renderer_is_reported_once_in_vietnamese(large_project):
    """A template error met by a forked renderer is the same problem line as in one process, printed once."""
    run(large_project, "build")
    before = digests(large_project / "site")
    copyright = large_project / "theme" / "partials" / "copyright.html"
    text = copyright.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 1
    copyright.write_text(text.rstrip("\n") + "\n{{ khong_co.thuoc_tinh }}\n", encoding="utf-8")
    try:
        broken = run(large_project, "build")
    finally:
        copyright.write_text(text, encoding="utf-8")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    problem = f"theme/partials/copyright.html:{line}: lỗi: mẫu giao diện — không dựng được"
    assert broken.stderr.count(problem) == 1, broken.stderr
    assert "Traceback" not in broken.stderr and "Lỗi chương trình" not in broken.stderr
    assert digests(large_project / "site") == before
