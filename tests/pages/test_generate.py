"""The pages stage on in-memory entries: files written, their front matter, pagination, privacy, rewrites."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from html.parser import HTMLParser

import yaml
from conftest import entry, memory_site
from mkdocs.utils.meta import get_data

from dienhinh.content.entries import Consent
from dienhinh.pages.generate import generate


def people(count: int, **values) -> list:
    given = ["An", "Bình", "Cường", "Dũng", "Đông", "Giang", "Hà"]
    return [entry("person", f"nguyen-van-{index}", title=f"Nguyễn Văn {given[index]}", unit="benh-vien-da-khoa-tinh",
                  **values) for index in range(count)]


def front_matter(path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head), body


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_every_page_is_a_file_whose_front_matter_is_its_metadata(tmp_path, vocabularies):
    site, _ = memory_site(tmp_path, vocabularies, people(3))
    pages = generate(site)
    files = {path.relative_to(site.project.docs_dir).as_posix() for path in site.project.docs_dir.rglob("index.md")}
    assert files == pages.written
    assert {"index.md", "ca-nhan/index.md", "ca-nhan/nguyen-van-1/index.md", "tim-kiem/index.md",
            "thong-ke/index.md", "du-lieu/index.md", "vinh-danh/index.md"} <= files
    for path in ("ca-nhan/nguyen-van-1/index.md", "index.md"):
        meta, body = front_matter(site.project.docs_dir / path)
        assert meta == pages.meta[path]
        assert body.strip()
    meta, _ = front_matter(site.project.docs_dir / "ca-nhan/nguyen-van-1/index.md")
    assert meta["title"] == "Nguyễn Văn Bình"
    assert meta["dienhinh"]["source"] == "content/people/nguyen-van-1.md"
    assert [feed["href"] for feed in meta["dienhinh"]["feeds"]] == ["nguon-tin/rss.xml", "nguon-tin/atom.xml"]


def test_front_matter_reads_the_same_in_mkdocs(tmp_path, vocabularies):
    """Another engine reading mkdocs.yml projects parses front matter as MkDocs does."""
    site, _ = memory_site(tmp_path, vocabularies, people(1, summary='Câu có "ngoặc kép": và dấu hai chấm'))
    pages = generate(site)
    path = "ca-nhan/nguyen-van-0/index.md"
    body, meta = get_data((site.project.docs_dir / path).read_text(encoding="utf-8"))
    assert meta == json.loads(json.dumps(pages.meta[path]))
    assert meta["description"] == 'Câu có "ngoặc kép": và dấu hai chấm'
    assert body.lstrip().startswith("<")


def test_listings_are_paginated_in_name_order(tmp_path, vocabularies):
    site, _ = memory_site(tmp_path, vocabularies, people(5), page_size=2)
    pages = generate(site)
    assert {"ca-nhan/index.md", "ca-nhan/trang/2/index.md", "ca-nhan/trang/3/index.md"} <= pages.written
    assert "ca-nhan/trang/4/index.md" not in pages.written
    _meta, first = front_matter(site.project.docs_dir / "ca-nhan/index.md")
    _meta, third = front_matter(site.project.docs_dir / "ca-nhan/trang/3/index.md")
    assert "Nguyễn Văn An" in text_of(first) and "Nguyễn Văn Bình" in text_of(first)
    assert "Nguyễn Văn Đông" in text_of(third) and "Nguyễn Văn An" not in text_of(third)


def test_after_an_edit_standing_pages_are_as_a_clean_build_makes_them_metadata_included(tmp_path, vocabularies):
    """One person's summary edited: the pages not showing them stand (their files kept, their metadata made only
    when asked for), and files and metadata are what generating from scratch gives."""
    site, _ = memory_site(tmp_path, vocabularies, people(5), page_size=2)
    generate(site)
    edited = people(5)
    edited[0] = dataclasses.replace(edited[0], summary="Tóm tắt mới của người thứ nhất.")
    again = generate(memory_site(tmp_path, vocabularies, edited, page_size=2)[0])
    assert 0 < again.changed < len(again)
    clean_site, _ = memory_site(tmp_path / "clean", vocabularies, edited, page_size=2)
    clean = generate(clean_site)
    assert again.written == clean.written
    for path in sorted(clean.written):
        assert again.meta[path] == clean.meta[path] == front_matter(clean_site.project.docs_dir / path)[0], path
        assert (tmp_path / "docs" / path).read_text(encoding="utf-8") == \
            (clean_site.project.docs_dir / path).read_text(encoding="utf-8"), path
    _meta, first = front_matter(tmp_path / "docs" / "ca-nhan/index.md")
    _meta, third = front_matter(tmp_path / "docs" / "ca-nhan/trang/3/index.md")
    assert "Tóm tắt mới" in text_of(first) and "Nguyễn Văn Đông" in text_of(third)


def test_a_biography_is_published_only_with_consent(tmp_path, vocabularies):
    private = entry("person", "kin-dao", title="Kín Đáo", unit="benh-vien-da-khoa-tinh", text="Tiểu sử riêng tư.")
    public = entry("person", "cong-khai", title="Công Khai", unit="benh-vien-da-khoa-tinh", text="Tiểu sử được đồng ý.",
                   consent=Consent(biography=True, date=date(2025, 1, 1)))
    site, _ = memory_site(tmp_path, vocabularies, [private, public])
    generate(site)
    docs = site.project.docs_dir
    assert "Tiểu sử riêng tư" not in (docs / "ca-nhan/kin-dao/index.md").read_text(encoding="utf-8")
    assert "Tiểu sử được đồng ý" in (docs / "ca-nhan/cong-khai/index.md").read_text(encoding="utf-8")


def test_staff_markup_is_escaped_and_body_html_sanitised(tmp_path, vocabularies):
    person = entry("person", "a", title="<script>alert(1)</script>", unit="benh-vien-da-khoa-tinh",
                   text='Chữ <img src=x onerror="alert(2)"> **đậm**',
                   consent=Consent(biography=True, date=date(2025, 1, 1)))
    site, _ = memory_site(tmp_path, vocabularies, [person])
    generate(site)
    _meta, body = front_matter(site.project.docs_dir / "ca-nhan/a/index.md")
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "onerror" not in body and "<strong>đậm</strong>" in body


def test_an_unchanged_page_is_not_written_again_and_a_removed_one_goes(tmp_path, vocabularies):
    site, _ = memory_site(tmp_path, vocabularies, people(3))
    first = generate(site)
    assert first.changed == len(first)
    stamp = (site.project.docs_dir / "ca-nhan/nguyen-van-0/index.md").stat().st_mtime_ns
    again = generate(site)
    assert again.changed == 0 and again.removed == 0
    assert (site.project.docs_dir / "ca-nhan/nguyen-van-0/index.md").stat().st_mtime_ns == stamp
    smaller, _ = memory_site(tmp_path, vocabularies, people(2))
    after = generate(smaller)
    assert after.removed == 1
    assert not (site.project.docs_dir / "ca-nhan/nguyen-van-2").exists()
