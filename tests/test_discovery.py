"""Search (Pagefind in Chromium), statistics, open data and the sitemap, on real builds."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from conftest import make_project, person, run

SITE = "https://dienhinh.ldld-laichau.example/"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    extra = {"people/nguyen-van-dong.md": person("Nguyễn Văn Đông", "position: Công nhân\n")}
    project = make_project(tmp_path_factory.mktemp("search"), extra, sample=True)
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    return project


def search(tab, base: str, query: str) -> list[str]:
    tab.goto(base + "tim-kiem/?q=" + quote(query))
    tab.wait_for_function("(() => { const s = document.getElementById('dh-status').textContent;"
                          " return s && !s.startsWith('Đang') && document.querySelectorAll('.dh-result').length > 0 })()",
                          timeout=15000)
    return [t.strip() for t in tab.locator(".dh-result__title").all_text_contents()]


@pytest.mark.parametrize("query, expected, within", [
    ("nguyen thi thuy", "Nguyễn Thị Thùy", 1),
    ("dao viet hung", "Đào Việt Hưng", 1),
    ("tra than uyen", "Công đoàn cơ sở Công ty Cổ phần Trà Than Uyên", 3),
    ("dong", "Nguyễn Văn Đông", 3),
    ("ĐÀO VIỆT HƯNG", "Đào Việt Hưng", 1),
    ("đào việt hưng", "Đào Việt Hưng", 1),  # NFD: typed with combining marks
])
def test_vietnamese_queries_find_the_entry(sample_site, chromium, serve_folder, query, expected, within):
    import unicodedata

    if query == "đào việt hưng":
        query = unicodedata.normalize("NFD", query)
    tab = chromium.new_page()
    titles = search(tab, serve_folder(sample_site / "site"), query)
    assert expected in titles[:within], titles[:5]
    tab.close()


def test_a_facet_narrows_results_and_shows_counts(sample_site, chromium, serve_folder):
    tab = chromium.new_page(viewport={"width": 1280, "height": 900})
    search(tab, serve_folder(sample_site / "site"), "benh vien")
    before = int(re.match(r"\d+", tab.locator("#dh-status").text_content()).group())
    option = tab.locator(".dh-facet[data-facet='kind'] .dh-facet__value", has_text="Gương cá nhân")
    count = int(option.locator(".dh-facet__count").text_content())
    assert 0 < count < before
    option.locator("input").check()
    tab.wait_for_function(f"document.getElementById('dh-status').textContent.startsWith('{count} ')")
    kinds = tab.locator(".dh-result .dh-card__kind").all_text_contents()
    assert len(kinds) == min(count, 10) and set(kinds) == {"Gương cá nhân"}
    assert "loc-kind=" in tab.url
    tab.close()


def test_search_is_usable_on_a_360px_phone(sample_site, chromium, serve_folder):
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    titles = search(tab, serve_folder(sample_site / "site"), "tra than uyen")
    assert titles
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    box = tab.locator(".dh-result").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] < 740 * 2
    assert tab.locator("#dh-q").bounding_box()["width"] > 150


def test_header_search_box_leads_to_the_search_page(sample_site):
    page = lxml_html.fromstring((sample_site / "site/mo-hinh/cat-polyp-dai-trang-qua-noi-soi/index.html").read_text())
    form = page.xpath("//header//form[@role='search']")[0]
    assert form.get("action") == "../../tim-kiem/" and form.xpath(".//input[@name='q']")


# ---------------------------------------------------------------- statistics

def people_with_awards(count: int, seed: int) -> dict[str, str]:
    """Fictional people with awards and flags, some flags missing, written as staff would."""
    rng = random.Random(seed)
    files = {}
    for index in range(count):
        lines = [f"name: Người Thử {index}", "unit: benh-vien-da-khoa-tinh", "date: 2024-01-02"]
        for key in ("direct_worker", "leader"):
            choice = rng.choice([True, False, None])
            if choice is not None:
                lines.append(f"{key}: {'true' if choice else 'false'}")
        gender = rng.choice(["nam", "nu", None])
        if gender:
            lines.append(f"gender: {gender}")
        awards = rng.sample([2021, 2022, 2023], rng.randint(0, 2))
        if awards:
            lines.append("awards:")
            for year in awards:
                lines += [f"  - form: {rng.choice(['bang-khen-tld', 'bang-khen-ldld-tinh', 'giay-khen'])}", f"    year: {year}"]
        files[f"people/nguoi-thu-{index}.md"] = "---\n" + "\n".join(lines) + "\n---\n"
    return files


@pytest.fixture(scope="module")
def stats_site(tmp_path_factory):
    files = people_with_awards(60, seed=11)
    project = make_project(tmp_path_factory.mktemp("stats"), files)
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    return project, files


def expected_shares(files: dict[str, str]) -> dict[int, tuple[int, int, int]]:
    """Independent of the code under test: per award year, (rewarded, qualifying, women)."""
    per_year: dict[int, list[dict]] = defaultdict(list)
    for text in files.values():
        data = yaml.safe_load(text.split("---")[1])
        for year in {a["year"] for a in data.get("awards", [])}:
            per_year[year].append(data)
    return {year: (len(people), sum(1 for p in people if p.get("direct_worker") is True or p.get("leader") is False),
                   sum(1 for p in people if p.get("gender") == "nu")) for year, people in per_year.items()}


def test_nq07_table_matches_an_independent_computation(stats_site):
    project, files = stats_site
    page = lxml_html.fromstring((project / "site/thong-ke/index.html").read_text(encoding="utf-8"))
    rows = {}
    for row in page.xpath("//table[@id='nq07-table']/tbody/tr"):
        cells = [c.text_content().strip() for c in row.xpath("./th|./td")]
        rows[int(cells[0])] = (int(cells[1]), int(cells[2]), cells[3], int(cells[5].split()[0]))
    expected = expected_shares(files)
    assert set(rows) == set(expected)
    for year, (rewarded, qualifying, women) in expected.items():
        assert rows[year][:2] == (rewarded, qualifying)
        assert rows[year][2] == f"{100 * qualifying / rewarded:.1f}".replace(".", ",") + "%"
        assert rows[year][3] == women


def test_charts_are_static_svg_with_the_same_numbers(stats_site):
    project, files = stats_site
    page = lxml_html.fromstring((project / "site/thong-ke/index.html").read_text(encoding="utf-8"))
    charts = page.xpath("//figure[@class='dh-figure']/svg")
    assert len(charts) >= 6 and all(c.xpath("./title") for c in charts)
    nq07 = page.xpath("//svg[@aria-labelledby='bd-nq07-t']")[0]
    labels = nq07.xpath(".//text/text()")
    for year, (rewarded, qualifying, _women) in expected_shares(files).items():
        assert str(year) in " ".join(labels)
        assert f"{100 * qualifying / rewarded:.1f}".replace(".", ",") + "%" in labels
    assert not page.xpath("//script[contains(@src, 'chart')]")


def test_awards_by_form_and_year(stats_site):
    project, files = stats_site
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for text in files.values():
        for award in yaml.safe_load(text.split("---")[1]).get("awards", []):
            counts[(award["form"], award["year"])] += 1
    names = {f["id"]: f["name"] for f in yaml.safe_load(open(Path(project, "content/data/award_forms.yml"), encoding="utf-8"))}
    page = lxml_html.fromstring((project / "site/thong-ke/index.html").read_text(encoding="utf-8"))
    header = [c.text_content() for c in page.xpath("//table[@id='awards-table']/thead/tr/th")]
    for row in page.xpath("//table[@id='awards-table']/tbody/tr"):
        cells = [c.text_content().strip() for c in row.xpath("./th|./td")]
        form = next(k for k, v in names.items() if v == cells[0])
        for year_text, value in zip(header[1:-1], cells[1:-1]):
            assert int(value) == counts.get((form, int(year_text)), 0)


# ---------------------------------------------------------------- open data, sitemap

def test_open_data_csv_opens_in_excel_and_holds_public_fields_only(stats_site):
    project, files = stats_site
    raw = (project / "site/du-lieu/ca-nhan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã", "Họ và tên", "Chức vụ"]
    assert len(rows) - 1 == len(files)
    data = json.loads((project / "site/du-lieu/ca-nhan.json").read_text(encoding="utf-8"))
    assert len(data["items"]) == len(files)
    assert all(set(item) == set(data["fields"]) for item in data["items"])
    assert not {"gender", "leader", "direct_worker"} & set(data["fields"])
    awards = list(csv.reader(io.StringIO((project / "site/du-lieu/khen-thuong.csv").read_text(encoding="utf-8-sig"))))
    total = sum(len(yaml.safe_load(t.split("---")[1]).get("awards", [])) for t in files.values())
    assert len(awards) - 1 == total


def test_statistics_page_links_the_open_data(stats_site):
    project, _ = stats_site
    page = lxml_html.fromstring((project / "site/thong-ke/index.html").read_text(encoding="utf-8"))
    assert "../du-lieu/" in page.xpath("//a/@href")
    schema = lxml_html.fromstring((project / "site/du-lieu/index.html").read_text(encoding="utf-8"))
    assert "Họ và tên" in [t.strip() for t in schema.xpath("//table//th/text()")]


def test_sitemap_has_content_dates_and_robots_points_to_it(sample_site):
    tree = etree.parse(str(sample_site / "site/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in tree.findall("s:url", ns)}
    assert entries[SITE + "ca-nhan/nguyen-van-dong/"] == "2020-06-26"
    assert entries[SITE + "mo-hinh/cat-polyp-dai-trang-qua-noi-soi/"] == "2020-06-26"
    assert SITE + "tim-kiem/" in entries and SITE in entries
    assert all(loc.startswith(SITE) for loc in entries)
    assert "Sitemap: " + SITE + "sitemap.xml" in (sample_site / "site/robots.txt").read_text()


# ---------------------------------------------------------------- honour rolls in search, statistics, open data

ROLL = """---
title: Tập thể, cá nhân được tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh năm 2023
kind: khen-thuong
issuer: ldld-tinh
decision:
  number: 15/QĐ-LĐLĐ
  date: 2024-01-20
award: bang-khen-ldld-tinh
recipients:
  - kind: tap-the
    name: Công đoàn cơ sở Trường Mầm non Hoa Ban
    unit: Liên đoàn Lao động huyện Tân Uyên
  - kind: ca-nhan
    name: Lường Thị Đoàn
    position: Công nhân
    unit: Công ty Cổ phần Chè Núi Xanh
  - kind: ca-nhan
    name: Người Có Trang
    person: nguoi-co-trang
date: 2024-02-01
---
"""
PROFILE = ("---\nname: Người Có Trang\nunit: benh-vien-da-khoa-tinh\ndate: 2024-01-02\n"
           "awards:\n  - form: bang-khen-ldld-tinh\n    year: 2024\n---\n")


@pytest.fixture(scope="module")
def roll_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("roll"), {"honours/bang-khen-2023.md": ROLL,
                                                              "people/nguoi-co-trang.md": PROFILE})
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    return project


def test_a_name_found_only_on_a_roll_is_searchable(roll_site, chromium, serve_folder):
    tab = chromium.new_page()
    titles = search(tab, serve_folder(roll_site / "site"), "luong thi doan")
    assert titles[0].startswith("Tập thể, cá nhân được tặng Bằng khen")
    tab.close()


def test_roll_lines_are_counted_once_in_award_statistics(roll_site):
    page = lxml_html.fromstring((roll_site / "site/thong-ke/index.html").read_text(encoding="utf-8"))
    rows = {r.xpath("string(./th)").strip(): [c.text_content().strip() for c in r.xpath("./td")]
            for r in page.xpath("//table[@id='awards-table']/tbody/tr")}
    # Three lines in 2024 (the decision's year); the linked profile records the same award: counted once.
    assert rows["Bằng khen của Liên đoàn Lao động tỉnh"][-1] == "3"


def test_rolls_are_in_the_open_data(roll_site):
    lines = list(csv.reader(io.StringIO(
        (roll_site / "site/du-lieu/vinh-danh-chi-tiet.csv").read_text(encoding="utf-8-sig"))))
    assert [row[5] for row in lines[1:]] == ["Công đoàn cơ sở Trường Mầm non Hoa Ban", "Lường Thị Đoàn",
                                             "Người Có Trang"]
    assert lines[3][-1] == SITE + "ca-nhan/nguoi-co-trang/"
    rolls = json.loads((roll_site / "site/du-lieu/vinh-danh.json").read_text(encoding="utf-8"))
    assert rolls["items"][0]["recipients"] == 3 and "gender" not in json.dumps(rolls)
