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
