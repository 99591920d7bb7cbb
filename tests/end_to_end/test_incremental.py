"""Incremental rendering: after every kind of edit, the site built on top of the previous one is the clean build,
file for file and byte for byte; a page whose inputs did not change is carried over, not rendered again."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run

sys.path.insert(0, str(ROOT / "scripts"))
from compare_builds import differences  # noqa: E402  the file-for-file comparison the refactoring check uses
from dienhinh.synthetic import generate  # noqa: E402

TODAY = "2026-11-21"
PROJECT_PARTS = ("content", "mkdocs.yml", "theme", "templates")


def clean_build(project: Path, target: Path) -> Path:
    """The same project built from nothing: no published site, no caches."""
    for part in PROJECT_PARTS:
        source = project / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy(source, target / part)
    (target / "build" / "docs").mkdir(parents=True)
    result = run(target, "build", today=TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    return target / "site"


def rendered(result) -> tuple[int, int]:
    """(pages rendered, pages carried over) as the build reports them."""
    line = next(line for line in result.stderr.splitlines() if "Dựng HTML (MkDocs)" in line)
    done = re.search(r"([\d.]+) trang dựng", line)
    kept = re.search(r"([\d.]+) trang không đổi giữ nguyên", line)
    return (int(done.group(1).replace(".", "")) if done else 0, int(kept.group(1).replace(".", "")) if kept else 0)


def with_field(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{line}\n", 1), encoding="utf-8")


def without_field(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(f"{line}\n", "", 1), encoding="utf-8")


def edit_body(project: Path) -> None:
    path = project / "content/people/nguoi-3.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMột đoạn mới viết thêm vào phần giới thiệu.\n",
                    encoding="utf-8")


def retitle(project: Path) -> None:
    """A new title and summary show on other pages too: the people, related entries and listings citing it."""
    path = project / "content/models/mo-hinh-3.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: (.+)$", r"title: \1 (tên mới)", text, count=1, flags=re.M)
    path.write_text(re.sub(r"^summary: (.+)$", r"summary: Tóm tắt mới. \1", text, count=1, flags=re.M),
                    encoding="utf-8")


def set_field(path: Path, key: str, value: str) -> None:
    """`key: value` in the front matter, in place of the one there or added."""
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^{key}: ", text, re.M):
        path.write_text(re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M), encoding="utf-8")
    else:
        with_field(path, f"{key}: {value}")


def edit_summary(project: Path) -> None:
    """Only the entry's own text: its page and the pages showing it as a card change, the catalog does not."""
    set_field(project / "content/models/mo-hinh-7.md", "summary", "Tóm tắt viết lại của mô hình.")


def edit_position(project: Path) -> None:
    """A person's position shows in the cards of the models and related entries that list them."""
    set_field(project / "content/people/nguoi-8.md", "position", "Tổ trưởng tổ công đoàn")


def move_to_movement(project: Path) -> None:
    """A model joins another movement: its related entries and the movements' member lists change."""
    path = project / "content/models/mo-hinh-8.md"
    text = path.read_text(encoding="utf-8")
    movements = sorted({line for line in re.findall(r"^- (phong-trao-\d+)$", text, re.M)})
    others = sorted(p.stem for p in (project / "content/movements").glob("*.md"))
    other = next(m for m in others if m not in movements)
    path.write_text(re.sub(r"^movements:\n(- .+\n)+", f"movements:\n- {other}\n", text, count=1, flags=re.M),
                    encoding="utf-8")


def edit_movement_summary(project: Path) -> None:
    path = sorted((project / "content/movements").glob("*.md"))[0]
    set_field(path, "summary", "Tóm tắt mới của phong trào.")


def add_entry(project: Path) -> None:
    text = (project / "content/models/mo-hinh-2.md").read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1)
    (project / "content/models/mo-hinh-moi.md").write_text(text.replace(title, "Mô hình mới thêm vào"),
                                                            encoding="utf-8")


def rename_with_uid(project: Path) -> None:
    old = project / "content/models/mo-hinh-4.md"
    new = project / "content/models/mo-hinh-doi-ten.md"
    old.rename(new)
    with_field(new, "uid: mo-hinh-4")


def withdraw(project: Path) -> None:
    with_field(project / "content/people/nguoi-5.md", "withdrawn: true")


def make_draft(project: Path) -> None:
    with_field(project / "content/models/mo-hinh-6.md", "draft: true")


def undraft(project: Path) -> None:
    without_field(project / "content/models/mo-hinh-6.md", "draft: true")


def rename_vocabulary_term(project: Path) -> None:
    path = project / "content/data/fields.yml"
    text = path.read_text(encoding="utf-8")
    name = re.search(r"^  name: (.+)$", text, re.M).group(1)
    path.write_text(text.replace(f"  name: {name}\n", f"  name: {name} (đổi tên)\n", 1), encoding="utf-8")


def change_template(project: Path) -> None:
    path = project / "theme/main.html"
    path.write_text(path.read_text(encoding="utf-8") + "\n{#- a template edit -#}\n<!-- mẫu đã sửa -->\n",
                    encoding="utf-8")


def change_configuration(project: Path) -> None:
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^site_name: .+$", "site_name: Điển hình tiên tiến (đổi tên)", text, count=1, flags=re.M),
                    encoding="utf-8")


# (step, what it does, whether some pages must be carried over rather than rendered)
STEPS = [
    ("nothing", lambda project: None, True),
    ("edit-body", edit_body, True),
    ("retitle", retitle, True),
    ("edit-summary", edit_summary, True),
    ("edit-position", edit_position, True),
    ("move-to-movement", move_to_movement, True),
    ("edit-movement", edit_movement_summary, True),
    ("add", add_entry, True),
    ("rename-with-uid", rename_with_uid, True),
    ("withdraw", withdraw, True),
    ("draft", make_draft, True),
    ("undraft", undraft, True),
    ("vocabulary", rename_vocabulary_term, True),
    ("template", change_template, False),
    ("configuration", change_configuration, False),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("incremental") / "project"
    generate(folder, 120)
    (folder / "build" / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", folder / "templates")
    first = run(folder, "build", today=TODAY)
    assert first.returncode == 0, first.stdout + first.stderr
    assert rendered(first)[1] == 0  # nothing to carry over from
    return folder


@pytest.mark.parametrize("step, change, carries", STEPS, ids=[step for step, _, _ in STEPS])
def test_each_incremental_build_equals_a_clean_build(project, tmp_path, step, change, carries):
    change(project)
    result = run(project, "build", today=TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    done, kept = rendered(result)
    if carries:
        assert kept > done, (step, done, kept)
    else:
        assert kept == 0, (step, done, kept)
    assert not differences(project / "site", clean_build(project, tmp_path / "clean")), step
    assert [path.name for path in project.glob("site.*")] == ["site.spare"], "staging or old folders left behind"


def _age_inputs(project: Path) -> None:
    """Every input file an hour old, as files are when staff build again later: a snapshot taken within
    seconds of a write is never trusted."""
    old = Path(project / "mkdocs.yml").stat().st_mtime - 3600
    for path in [project / "mkdocs.yml", *[p for part in PROJECT_PARTS for p in (project / part).rglob("*")]]:
        os.utime(path, (old, old), follow_symlinks=False)


def test_a_build_with_nothing_changed_leaves_the_published_site_as_it_is(tmp_path):
    project = tmp_path / "project"
    generate(project, 30)
    (project / "build" / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", project / "templates")
    _age_inputs(project)
    first = run(project, "build", today=TODAY)
    assert first.returncode == 0, first.stdout + first.stderr
    published = (project / "site").stat().st_ino
    again = run(project, "build", today=TODAY)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "• Không có gì thay đổi:" in again.stderr and "Dựng HTML" not in again.stderr, again.stderr
    assert (project / "site").stat().st_ino == published
    summary = [line for line in first.stderr.splitlines() if line.startswith("Xong:")]
    assert summary and summary[0].split(" cảnh báo")[0] in again.stderr  # the same counts are reported
    assert not differences(project / "site", clean_build(project, tmp_path / "clean"))

    # A different day, an edit keeping the file's size, a replaced site/: each is built again.
    other_day = run(project, "build", today="2026-11-22")
    assert "Không có gì thay đổi" not in other_day.stderr and "Dựng HTML" in other_day.stderr
    path = project / "content/people/nguoi-3.md"
    text = path.read_text(encoding="utf-8")
    cut = text.rindex(".")  # the body's last full stop, as a semicolon: the same size, another page
    path.write_text(text[:cut] + ";" + text[cut + 1:], encoding="utf-8")
    _age_inputs(project)
    edited = run(project, "build", today=TODAY)
    assert "Không có gì thay đổi" not in edited.stderr and "Dựng HTML" in edited.stderr, edited.stderr
    assert not differences(project / "site", clean_build(project, tmp_path / "clean-2"))
    for damage in (lambda site: shutil.rmtree(site / "ca-nhan"),
                   lambda site: (site / "404.html").rename(site / "404-cu.html"),
                   lambda site: (site / "index.html").write_text("sửa tay", encoding="utf-8"),
                   lambda site: shutil.move(site, project / "moved")):
        damage(project / "site")
        repaired = run(project, "build", today=TODAY)
        assert "Không có gì thay đổi" not in repaired.stderr and "Dựng HTML" in repaired.stderr, repaired.stderr
        assert not differences(project / "site", clean_build(project, tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"))


def test_builds_in_one_process_free_what_the_last_one_made(tmp_path, monkeypatch, capsys):
    """`dienhinh serve` builds again in the same process at every save: what a build made must be freed by the
    next one, not carried on (it was frozen out of the collector again and the preview grew by 14 MB a save at
    1,000 entries). After four builds, no more entries are in memory than after one."""
    import gc

    from dienhinh.cli import main
    from dienhinh.content.entries import Entry

    project = tmp_path / "project"
    generate(project, 30)
    (project / "build" / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", project / "templates")
    monkeypatch.chdir(project)
    path = project / "content" / "people" / "nguoi-3.md"
    text = path.read_text(encoding="utf-8")
    held = []
    for save in range(4):
        path.write_text(text.replace("summary: ", f"summary: Lần lưu {save}. ", 1), encoding="utf-8")
        assert main(["--today", TODAY, "--workers", "1", "build", "--preview"]) == 0, capsys.readouterr()
        held.append(sum(isinstance(thing, Entry) for thing in gc.get_objects()))
    assert held[0] >= 30 and held[-1] <= held[0], held


def test_bytecode_written_beside_the_code_changes_no_input(tmp_path):
    """The first run after installing writes the package's bytecode into __pycache__ folders beside its modules
    (left out of the inputs), which changes the times of the folders holding them: the next build must still
    find its inputs unchanged. A module added is a change."""
    import hashlib
    import time

    from dienhinh import inputs

    package = tmp_path / "dienhinh"
    (package / "pages").mkdir(parents=True)
    (package / "pages" / "generate.py").write_text("X = 1\n", encoding="utf-8")

    def age() -> None:
        old = time.time() - 3600
        for path in (package, package / "pages", package / "pages" / "generate.py"):
            os.utime(path, (old, old))

    def snapshot() -> tuple[str, bool]:
        hasher = hashlib.blake2b(digest_size=20)
        _, racy = inputs._walk(package, hasher, time.time_ns(), frozenset({"__pycache__"}))
        return hasher.hexdigest(), racy

    age()
    before = snapshot()
    assert before[1] is False
    (package / "pages" / "__pycache__").mkdir()
    (package / "pages" / "__pycache__" / "generate.cpython-311.pyc").write_bytes(b"\x00" * 16)
    assert snapshot() == before
    (package / "pages" / "feeds.py").write_text("Y = 2\n", encoding="utf-8")
    age()
    assert snapshot()[0] != before[0]


@pytest.mark.parametrize("record", ["[" * 100_000 + "]" * 100_000, "[]", "null", "{}",
                                    '{"inputs": "%s", "racy": false, "site": %s, "report": [], "messages": ""}',
                                    '{"inputs": "%s", "racy": false, "site": %s, "report": {"entries": "x"}, '
                                    '"messages": 1}'], ids=["deep", "list", "null", "empty", "report", "types"])
def test_a_damaged_build_record_means_a_whole_build(tmp_path, record):
    """The record of the last build is read like any cache: what it cannot be trusted for is built again."""
    project = tmp_path / "project"
    generate(project, 12)
    (project / "build" / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", project / "templates")
    _age_inputs(project)
    assert run(project, "build", today=TODAY).returncode == 0
    path = project / ".cache/last-build.json"
    good = json.loads(path.read_text(encoding="utf-8"))
    if "%s" in record:
        record = record % (good["inputs"], json.dumps(good["site"]))
    path.write_text(record, encoding="utf-8")
    again = run(project, "build", today=TODAY)
    assert again.returncode == 0, again.stderr
    assert "Dựng HTML" in again.stderr and "Không có gì thay đổi" not in again.stderr, again.stderr
    assert not differences(project / "site", clean_build(project, tmp_path / "clean"))


def _shown_as_lists(project: Path) -> None:
    path = project / ".cache/page-keys.json"
    keys = json.loads(path.read_text(encoding="utf-8"))
    for kept in keys["pages"].values():
        kept[3] = [[key] for key in kept[3]]
    path.write_text(json.dumps(keys), encoding="utf-8")


def _open_data_lines_as_text(project: Path) -> None:
    path = project / ".cache/open-data.pickle"
    cache = pickle.loads(path.read_bytes())
    cache["datasets"] = {name: {key: (item[0], "abc", "") for key, item in lines.items()}
                         for name, lines in cache["datasets"].items()}
    path.write_bytes(pickle.dumps(cache))


def _search_addresses_as_lists(project: Path) -> None:
    path = project / ".cache/search-index/state.pickle"
    state = pickle.loads(path.read_bytes())
    state["urls"] = [[url] for url in state["urls"]]
    path.write_bytes(pickle.dumps(state))


@pytest.mark.parametrize("damage", [_shown_as_lists, _open_data_lines_as_text, _search_addresses_as_lists],
                         ids=["page-keys", "open-data", "search-index"])
def test_a_damaged_cache_of_the_last_build_is_not_trusted(tmp_path, damage):
    """A cache that reads back but holds values of the wrong kind is made again; the build neither fails nor
    publishes what the cache held."""
    project = tmp_path / "project"
    generate(project, 12)
    (project / "build" / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", project / "templates")
    assert run(project, "build", today=TODAY).returncode == 0
    damage(project)
    edit_summary_of = sorted((project / "content/models").glob("*.md"))[0]
    set_field(edit_summary_of, "summary", "Tóm tắt sau khi bộ nhớ đệm hỏng.")
    again = run(project, "build", today=TODAY)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert not differences(project / "site", clean_build(project, tmp_path / "clean"))
