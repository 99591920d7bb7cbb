"""Generated hostile front matter, through the whole build: every run ends in a published site or in
Vietnamese content errors on that file, never in a program fault, and a failed run leaves site/ as it was."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import MOVEMENT, TODAY, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dienhinh.cli import main
from dienhinh.content.schema import COLLECTIONS

FIELDS = [field.name for field in COLLECTIONS["people"].fields]
# Every plane, controls, surrogates and noncharacters included; and the characters that cause trouble, often.
TROUBLE = "\x00\x1b\x7f\x85\u200b\u202e\u2066\ufeff\ufffe\ud800<>&\"'\\:#-|\n\t Đđ"
TEXT = st.text(alphabet=st.one_of(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), st.sampled_from(TROUBLE)),
               max_size=40) | st.just("x" * 5000)
SCALARS = TEXT | st.integers() | st.floats() | st.booleans() | st.none() | st.dates(date(1, 1, 1), date(9999, 12, 31))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                      max_leaves=6)
# Mostly the fields of the schema, so that hostile values get past the key check and reach the writers.
OVERRIDES = st.dictionaries(st.sampled_from(FIELDS), TEXT | VALUES, min_size=1, max_size=3)
UNKNOWN_KEYS = st.dictionaries(TEXT, VALUES, max_size=1)
BASE = {"name": "Đào Việt Hưng", "unit": "benh-vien-da-khoa-tinh", "date": "2020-06-26",
        "summary": "Gương tiêu biểu.", "movements": ["lao-dong-gioi"]}


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = make_project(tmp_path_factory.mktemp("hostile"), {"movements/lao-dong-gioi.md": MOVEMENT})
    assert main(["-f", str(folder / "mkdocs.yml"), "--today", TODAY, "--workers", "1", "build"]) == 0
    return folder


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(overrides=OVERRIDES, unknown=UNKNOWN_KEYS, body=TEXT)
def test_hostile_front_matter_ends_in_a_site_or_content_errors(project, capsys, overrides, unknown, body):
    entry = project / "content/people/thu.md"
    front = yaml.safe_dump({**BASE, **overrides, **unknown}, allow_unicode=True, sort_keys=False)
    entry.write_bytes(f"---\n{front}---\n{body}\n".encode("utf-8", errors="surrogatepass"))
    before = digests(project / "site")
    capsys.readouterr()
    code = main(["-f", str(project / "mkdocs.yml"), "--today", TODAY, "--workers", "1", "build"])
    err = capsys.readouterr().err
    assert "Lỗi chương trình" not in err and "Traceback" not in err, err[-2000:]
    assert code in (0, 1), err[-2000:]
    if code == 1:
        reported = [line for line in err.splitlines() if ": lỗi: " in line or ": cảnh báo: " in line]
        assert any(line.startswith("content/people/thu.md") and ": lỗi: " in line for line in reported), err[-2000:]
        assert all(line.startswith("content/") for line in reported), err[-2000:]  # one problem, one line
        assert digests(project / "site") == before
    else:
        assert (project / "site/index.html").is_file()
