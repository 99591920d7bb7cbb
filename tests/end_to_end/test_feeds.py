"""Feeds for the Facebook page's automation, read back by a real feed client (feedparser)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import unicodedata

import feedparser
import pytest
import yaml
from conftest import MOVEMENT, make_project, model, person, run
from lxml import html as lxml_html
from PIL import Image

SITE = "https://dienhinh.ldld-laichau.example/"

FILES = {
    "movements/lao-dong-gioi.md": MOVEMENT,
    "people/dao-viet-hung.md": person("Đào Việt Hưng", "movements: [lao-dong-gioi]\n", date="2021-03-01"),
    "people/duong-thi-nhu.md": person("Dương Thị Như", date="2022-05-10"),
    "models/cat-polyp.md": model("Cắt polyp đại tràng", "movements: [lao-dong-gioi]\npeople: [dao-viet-hung]\n",
                                 body="Nội dung có [liên kết tương đối](../../ca-nhan/dao-viet-hung/).\n\n"
                                      "<script>alert(1)</script><b onclick=\"x()\">đậm</b>", date="2023-01-02"),
    "people/ban-nhap.md": person("Nguyễn Văn Nháp", "draft: true\n"),
    "models/tuong-lai.md": model("Mô hình tương lai", date="2030-01-01"),
    "people/chua-dong-y.md": person("Bùi Văn Kín", body="TIỂU SỬ RIÊNG TƯ", date="2024-02-02"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("feeds"), FILES)
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    return project


def parse(project: Path, name: str):
    feed = feedparser.parse(str(project / "site" / name))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def pages(feed) -> list[str]:
    """The items by the page they link to (titles carry more than the name, so they are no key)."""
    return [e.link.removeprefix(SITE) for e in feed.entries]


def item_at(feed, page: str):
    return next(e for e in feed.entries if e.link == SITE + page)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def data(project: Path, name: str):
    return yaml.safe_load((project / "content/data" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["nguon-tin/rss.xml", "nguon-tin/atom.xml"])
def test_site_feed_items_ids_dates_links_and_enclosures(built, name):
    feed = parse(built, name)
    # Published entries only, newest first; drafts, future and nothing else.
    assert pages(feed) == ["ca-nhan/chua-dong-y/", "mo-hinh/cat-polyp/", "ca-nhan/duong-thi-nhu/",
                           "ca-nhan/dao-viet-hung/"]
    assert feed.feed.language.startswith("vi")
    vietnam_midnight = datetime(2024, 2, 2, tzinfo=timezone(timedelta(hours=7))).astimezone(timezone.utc)
    assert feed.entries[0].published_parsed[:5] == vietnam_midnight.timetuple()[:5]
    # The feed's date is its newest item's, never the build time.
    assert (feed.feed.get("updated_parsed") or feed.feed.get("published_parsed"))[:5] == vietnam_midnight.timetuple()[:5]
    for entry in feed.entries:
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", entry.id)
        assert entry.link.startswith(SITE) and entry.link.endswith("/")
        enclosures = [l for l in entry.links if l.rel == "enclosure"]
        assert len(enclosures) == 1
        image = built / "site" / enclosures[0].href.removeprefix(SITE)
        assert image.is_file() and int(enclosures[0].length) == image.stat().st_size
        with Image.open(image) as picture:
            assert picture.get_format_mimetype() == enclosures[0].type and picture.size == (1200, 630)
    self_links = [l.href for l in feed.feed.links if l.rel == "self"]
    assert self_links == [SITE + name]


def test_item_html_is_sanitised_and_absolute(built):
    feed = parse(built, "nguon-tin/rss.xml")
    item = item_at(feed, "mo-hinh/cat-polyp/")
    html = item.content[0].value
    assert "<script" not in html and "onclick" not in html and "alert(" not in html
    hrefs = lxml_html.fromstring(f"<div>{html}</div>").xpath("//a/@href | //img/@src")
    assert hrefs and all(h.startswith(SITE) for h in hrefs)
    assert SITE + "ca-nhan/dao-viet-hung/" in hrefs


def test_unconsented_biography_never_reaches_a_feed(built):
    for name in ("nguon-tin/rss.xml", "nguon-tin/atom.xml", "nguon-tin/ca-nhan/rss.xml"):
        assert "TIỂU SỬ RIÊNG TƯ" not in (built / "site" / name).read_text(encoding="utf-8")


def test_per_movement_and_per_kind_feeds(built):
    movement = parse(built, "nguon-tin/phong-trao/lao-dong-gioi/atom.xml")
    assert sorted(pages(movement)) == ["ca-nhan/dao-viet-hung/", "mo-hinh/cat-polyp/"]
    people = parse(built, "nguon-tin/ca-nhan/rss.xml")
    assert set(pages(people)) == {"ca-nhan/chua-dong-y/", "ca-nhan/duong-thi-nhu/", "ca-nhan/dao-viet-hung/"}
    assert pages(parse(built, "nguon-tin/mo-hinh/rss.xml")) == ["mo-hinh/cat-polyp/"]


def test_feed_discovery_and_visible_links(built):
    page = lxml_html.fromstring((built / "site/phong-trao/lao-dong-gioi/index.html").read_text(encoding="utf-8"))
    alternates = page.xpath("//head/link[contains(concat(' ', @rel, ' '), ' alternate ')]")
    types = {(l.get("type"), l.get("href")) for l in alternates}
    assert ("application/rss+xml", "../../nguon-tin/rss.xml") in types
    assert ("application/rss+xml", "../../nguon-tin/phong-trao/lao-dong-gioi/rss.xml") in types
    assert ("application/atom+xml", "../../nguon-tin/phong-trao/lao-dong-gioi/atom.xml") in types
    visible = page.xpath("//p[@class='dh-feedlinks']//a/@href")
    assert "../../nguon-tin/phong-trao/lao-dong-gioi/rss.xml" in visible
    home = lxml_html.fromstring((built / "site/index.html").read_text(encoding="utf-8"))
    assert "nguon-tin/rss.xml" in home.xpath("//p[@class='dh-feedlinks']//a/@href")
    other = lxml_html.fromstring((built / "site/ca-nhan/index.html").read_text(encoding="utf-8"))
    assert other.xpath("//head/link[contains(concat(' ', @rel, ' '), ' alternate ')][@type='application/atom+xml']")


def _guids(project: Path) -> dict[tuple, str]:
    """Item ids by publication date: each entry of FILES has its own date, unchanged by the edits below."""
    feed = feedparser.parse(str(project / "site/nguon-tin/rss.xml"))
    return {tuple(e.published_parsed[:3]): e.id for e in feed.entries}


def test_ids_survive_rename_with_uid_retitle_folder_move_and_new_site_url(tmp_path):
    project = make_project(tmp_path, FILES)
    assert run(project, "build").returncode == 0
    before = _guids(project)
    people = project / "content" / "people"
    # Rename the file keeping its old name as uid, move another into a subfolder, retitle a third.
    (people / "dao-viet-hung.md").rename(people / "dao-viet-hung-bvdk.md")
    text = (people / "dao-viet-hung-bvdk.md").read_text(encoding="utf-8")
    (people / "dao-viet-hung-bvdk.md").write_text(text.replace("date:", "uid: dao-viet-hung\ndate:"), encoding="utf-8")
    (people / "2022").mkdir()
    (people / "duong-thi-nhu.md").rename(people / "2022" / "duong-thi-nhu.md")
    model_file = project / "content/models/cat-polyp.md"
    model_file.write_text(model_file.read_text(encoding="utf-8").replace("title: Cắt polyp đại tràng",
                                                                         "title: Cắt polyp (sửa tên)"), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(SITE, "https://ldld.laichau.example/dienhinh/"),
                      encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    after = _guids(project)
    assert len(after) == 4 and after == before


def test_a_rebuild_without_changes_writes_identical_feeds(tmp_path):
    project = make_project(tmp_path, FILES)
    assert run(project, "build").returncode == 0
    first = {p: p.read_bytes() for p in sorted((project / "site/nguon-tin").rglob("*.xml"))}
    assert run(project, "build", today="2026-11-21").returncode == 0
    second = {p: p.read_bytes() for p in sorted((project / "site/nguon-tin").rglob("*.xml"))}
    assert first == second and len(first) >= 8


def test_renamed_entry_keeps_references_and_its_old_address(tmp_path):
    project = make_project(tmp_path, FILES)
    people = project / "content" / "people"
    text = (people / "dao-viet-hung.md").read_text(encoding="utf-8")
    (people / "dao-viet-hung.md").unlink()
    (people / "dao-viet-hung-bvdk.md").write_text(text.replace("date:", "uid: dao-viet-hung\ndate:"), encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    model_page = lxml_html.fromstring((project / "site/mo-hinh/cat-polyp/index.html").read_text(encoding="utf-8"))
    assert "../../ca-nhan/dao-viet-hung-bvdk/" in model_page.xpath("//section//h3/a/@href")
    old = lxml_html.fromstring((project / "site/ca-nhan/dao-viet-hung/index.html").read_text(encoding="utf-8"))
    assert old.xpath("string(//link[@rel='canonical']/@href)") == SITE + "ca-nhan/dao-viet-hung-bvdk/"
    assert "url=" + SITE + "ca-nhan/dao-viet-hung-bvdk/" in old.xpath("string(//meta[@http-equiv='refresh']/@content)")


ENTRY_FILES = {"ca-nhan/": "people", "mo-hinh/": "models"}


def entry_file(project: Path, page: str) -> Path:
    folder, name = page.split("/")[:2]
    return project / "content" / ENTRY_FILES[folder + "/"] / f"{name}.md"


@pytest.mark.parametrize("name", ["nguon-tin/rss.xml", "nguon-tin/atom.xml"])
def test_item_titles_say_kind_name_and_unit_for_a_facebook_post(built, name):
    """A post made from the item alone says what the entry is, who or what, and where: the kind's label, the
    name as written and the unit's name (full or short) as content/data/units.yml gives it."""
    units = {u["id"]: u for u in data(built, "units.yml")}
    model_kinds = {k["id"]: k["name"] for k in data(built, "model_kinds.yml")}
    labels = yaml.safe_load((Path(__file__).parents[2] / "scripts/dienhinh/templates/labels.yml")
                            .read_text(encoding="utf-8"))
    feed = parse(built, name)
    assert len(feed.entries) == 4
    for item in feed.entries:
        page = item.link.removeprefix(SITE)
        matter = front_matter(entry_file(built, page))
        kind = labels["kinds"]["people"] if page.startswith("ca-nhan/") else model_kinds[matter["kind"]]
        unit = units[matter.get("unit") or matter["units"][0]]
        title = item.title
        assert title.startswith(kind + ": "), title
        assert (matter.get("name") or matter["title"]) in title
        assert unit["name"] in title or (unit.get("short") and unit["short"] in title), title
        assert len(title) <= 100 and unicodedata.is_normalized("NFC", title)


@pytest.mark.parametrize("name", ["nguon-tin/rss.xml", "nguon-tin/atom.xml"])
def test_item_description_leads_with_the_summary_as_written(built, name):
    feed = parse(built, name)
    for item in feed.entries:
        page = item.link.removeprefix(SITE)
        summary = front_matter(entry_file(built, page))["summary"]
        assert item.summary.startswith(summary), (page, item.summary)
        assert len(item.summary) > len(summary)  # then the rest: the unit, movements and public body
        first = lxml_html.fromstring(f"<div>{item.content[0].value}</div>").xpath("string(./*[1])")
        assert first == summary
    # The model's public body follows its summary in the description, as text; the private biography does not.
    model = item_at(feed, "mo-hinh/cat-polyp/").summary
    assert "Nội dung có liên kết tương đối." in model and "<" not in model
    assert "TIỂU SỬ RIÊNG TƯ" not in item_at(feed, "ca-nhan/chua-dong-y/").summary


def test_feeds_page_explains_and_lists_addresses_that_are_real_feeds(built):
    """The footer's feed link leads to a page (a browser shows a feed file as raw XML with an English
    notice); each address it lists is a feed of the built site that feedparser reads."""
    home = lxml_html.fromstring((built / "site/index.html").read_text(encoding="utf-8"))
    assert "nguon-tin/" in home.xpath("//*[contains(@class,'dh-footer__links')]//a/@href")
    page = lxml_html.fromstring((built / "site/nguon-tin/index.html").read_text(encoding="utf-8"))
    addresses = [code.text_content().strip() for code in page.xpath("//table[contains(@class,'dh-feeds')]//code")]
    assert len(addresses) == 6
    for address in addresses:
        feed = feedparser.parse((built / "site" / address.split("/", 3)[3]).read_bytes())
        assert not feed.bozo and feed.entries, address
