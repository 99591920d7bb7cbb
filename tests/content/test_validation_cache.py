"""Checking results kept between runs: reused only while nothing they came from has changed."""

from __future__ import annotations

import os
import pickle

from conftest import MOVEMENT, make_project, model, person, run
from PIL import Image

CONSENT = "consent:\n  photo: true\n  date: 2025-03-01\n"
CHANGED = "tệp mới hoặc đã sửa"


def changed_count(result) -> int:
    line = next(text for text in result.stderr.splitlines() if CHANGED in text)
    return int(line.split("; ")[-1].split(" ")[0].replace(".", ""))


def project_with_problems(tmp_path):
    return make_project(tmp_path, {
        "movements/lao-dong-gioi.md": MOVEMENT,
        "people/dao-viet-hung.md": person("Đào Việt Hưng", "photo:\n  file: dao-viet-hung.jpg\n  alt: Ảnh chân dung\n"
                                          + CONSENT),
        "people/duong-thi-nhu.md": person("Dương Thị Như", "locality: phong-tho-moi\n"),
        "models/sang-kien-kho.md": model("Sáng kiến làm đất", body="Lai Ch©u"),
    })


def test_second_run_reuses_results_and_reports_the_same_problems(tmp_path):
    project = project_with_problems(tmp_path)
    Image.new("RGB", (40, 40), "white").save(project / "content" / "people" / "dao-viet-hung.jpg")
    first, second = run(project, "validate"), run(project, "validate")
    assert first.returncode == second.returncode == 1
    assert "phong-tho-moi" in first.stdout and first.stdout == second.stdout
    assert changed_count(first) == 4 and changed_count(second) == 0

    edited = project / "content" / "people" / "duong-thi-nhu.md"
    edited.write_text(person("Dương Thị Như"), encoding="utf-8")
    third = run(project, "validate")
    assert changed_count(third) == 1
    assert "phong-tho-moi" not in third.stdout and "Ch©u" in third.stdout


def test_a_photo_removed_or_added_is_noticed(tmp_path):
    project = project_with_problems(tmp_path)
    photo = project / "content" / "people" / "dao-viet-hung.jpg"
    missing = run(project, "validate")
    assert 'không tìm thấy ảnh "dao-viet-hung.jpg"' in missing.stdout
    Image.new("RGB", (40, 40), "white").save(photo)
    found = run(project, "validate")
    assert "dao-viet-hung.jpg" not in found.stdout and changed_count(found) == 1
    photo.unlink()
    assert 'không tìm thấy ảnh "dao-viet-hung.jpg"' in run(project, "validate").stdout


def test_a_changed_vocabulary_checks_every_file_again(tmp_path):
    project = project_with_problems(tmp_path)
    assert "benh-vien-da-khoa-tinh" not in run(project, "validate").stdout
    units = project / "content" / "data" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("id: benh-vien-da-khoa-tinh", "id: bv-tinh"),
                     encoding="utf-8")
    again = run(project, "validate")
    assert changed_count(again) == 4
    assert 'mã "benh-vien-da-khoa-tinh"' in again.stdout


class _Planted:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_a_planted_or_broken_cache_file_runs_nothing_and_is_replaced(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "people/dao-viet-hung.md": person("Đào Việt Hưng")})
    assert changed_count(run(project, "validate")) == 2
    shards = sorted((project / ".cache" / "validation").iterdir())
    assert shards
    marker = tmp_path / "ran"
    for shard in shards:
        shard.write_bytes(pickle.dumps({"stamp": "x", "results": _Planted(marker)}))
    result = run(project, "validate")
    assert result.returncode == 0 and not marker.exists()
    assert changed_count(result) == 2
    for shard in shards:
        shard.write_bytes(b"\x80\x05not a pickle")
    assert changed_count(run(project, "validate")) == 2
    assert changed_count(run(project, "validate")) == 0


def test_one_edit_rewrites_one_cache_file(tmp_path):
    """Results are kept in shards: saving after one edit must not rewrite the others' results."""
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT, **{
        f"people/nguoi-{number}.md": person(f"Người Số {number}") for number in range(12)}})
    assert changed_count(run(project, "validate")) == 13
    folder = project / ".cache" / "validation"
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert len(before) > 2
    edited = project / "content" / "people" / "nguoi-3.md"
    edited.write_text(person("Người Số Ba"), encoding="utf-8")
    assert changed_count(run(project, "validate")) == 1
    after = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert after.keys() == before.keys()
    assert sum(after[name] != before[name] for name in before) == 1
    assert changed_count(run(project, "validate")) == 0
