"""Search (in Chromium), statistics, open data and the sitemap, on real builds."""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from conftest import QuietHandler, make_project, model, person, run
from lxml import etree
from lxml import html as lxml_html

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


def test_the_page_folds_text_exactly_as_the_index_does(sample_site, chromium, serve_folder):
    """One folding on both sides: dhFold (queries, highlights) against vietnamese.fold (the index)."""
    import unicodedata

    from dienhinh.text.vietnamese import fold

    rng = random.Random(9)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 -/,"
    samples = ["Đào Việt Hưng", unicodedata.normalize("NFD", "Đào Việt Hưng"), "ÐÀO VIỆT HƯNG", "Ɖông ɖồng ðoàn",
               "cơ\u00adsở Lai\u200bChâu\ufeff", "  Nhiều   khoảng\ttrắng ", "15/QĐ-LĐLĐ", "NGUYỄN THỊ THÙY", "Ǹ café"]
    for _ in range(200):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        marks = "".join(rng.choice(["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]) for _ in range(2))
        samples.append(unicodedata.normalize(rng.choice(["NFC", "NFD"]), word + marks))
    tab = chromium.new_page()
    tab.goto(serve_folder(sample_site / "site") + "tim-kiem/")
    folded = tab.evaluate("(samples) => samples.map(window.dhFold)", samples)
    assert folded == [fold(text) for text in samples]
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


def test_search_page_without_javascript_says_so(sample_site):
    page = lxml_html.fromstring((sample_site / "site/tim-kiem/index.html").read_text(encoding="utf-8"))
    assert "bật JavaScript" in page.xpath("string(//noscript)")
    assert page.xpath("//form[@role='search' and @method='get']//input[@name='q']")


# ---------------------------------------------------------------- search: ranking, facets, cards

FIELDS = ("y-te", "giao-duc", "nong-nghiep")
LOCALITIES = ("than-uyen", "tan-uyen", "sin-ho")
AWARD_FORMS = ("bang-khen-tld", "giay-khen")
NAMES = ["Lò Văn Sơn", "Đặng Thị Hoa", "Tòng Văn Ánh", "Lường Thị Mai", "Quàng Văn Nam", "Vàng A Chư",
         "Hà Thị Thu", "Sùng A Lả", "Đinh Văn Quân", "Tạ Thị Nga", "Giàng A Dũng", "Lý Thị Yến", "Bùi Văn Tâm",
         "Ngô Thị Lan", "Phạm Văn Linh", "Trần Thị Vân", "Hoàng Văn Khánh", "Lê Thị Thảo", "Vũ Văn Cường",
         "Đỗ Thị Hạnh", "Dương Văn Phúc", "Tạ Văn Tuấn", "Lò Thị Giang"]
BIOGRAPHY = ("Ghi chú &lt;img src=x onerror=\"window.__xss=1\"&gt; trong hồ sơ. "
             "Chị nghĩ ra cách ủ phân Chiêngkhoa cho nương chè.")


def search_people() -> list[dict]:
    """People spread over fields, localities, years and awards; 15 of them work in Phiêng Lanh."""
    rng = random.Random(5)
    people = []
    for index, name in enumerate(NAMES):
        day = date(2021, 1, 5) + timedelta(days=61 * index)
        awards = [{"form": form, "year": day.year} for form in AWARD_FORMS if rng.random() < 0.5]
        people.append({"name": name, "unit": "benh-vien-da-khoa-tinh", "field": rng.choice(FIELDS),
                       "locality": rng.choice(LOCALITIES), "date": day.isoformat(), "awards": awards,
                       "summary": "Sáng kiến tại bản Phiêng Lanh." if index % 5 < 3 else "Gương tiêu biểu."})
    return people


def search_files() -> dict[str, str]:
    files = {f"people/nguoi-{i}.md": "---\n" + yaml.safe_dump(p, allow_unicode=True) + "---\n"
             for i, p in enumerate(search_people())}
    files.update({
        # A title match must rank above a newer entry that has the words only in its summary.
        "models/vuon-rau-hoa-ban.md": model("Vườn rau Hoa Ban", date="2020-03-01"),
        "people/lo-thi-mai.md": person("Lò Thị Mai", date="2024-12-01").replace(
            "Gương tiêu biểu.", "Chăm sóc vườn rau hoa ban của trường."),
        # A query equal to a title ranks it above a newer title that contains it.
        "models/nuoi-ca-long.md": model("Nuôi cá lồng", date="2019-05-01"),
        "models/nuoi-ca-long-ho-thuy-dien.md": model("Nuôi cá lồng trên lòng hồ thủy điện", date="2024-05-01"),
        # A word typed in full in a title counts more than a title word the last word only begins.
        "models/to-che-an-lac.md": model("Tổ sản xuất chè An Lạc", date="2019-05-01"),
        "models/to-che-anh-dao.md": model("Tổ sản xuất chè Anh Đào", date="2024-05-01"),
        # Published, but without consent to publish the biography: only the name is searchable.
        "people/giang-a-pao.md": person("Giàng A Páo", body="Sở thích riêng: leo núi Pusilung."),
        "people/vang-thi-ua.md": person("Vàng Thị Ua", "consent:\n  biography: true\n  date: 2024-01-02\n",
                                        body=BIOGRAPHY),
        "models/mo-hinh-nhap.md": model("Mô hình Zêrôtest", "draft: true\n", body="Bản nháp Zêrôtest."),
    })
    return files


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("searching"), search_files())
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    return project


def settle(tab, url: str) -> str:
    """Open a search URL and wait until the status line has its final text."""
    tab.goto(url)
    tab.wait_for_function("(() => { const s = document.getElementById('dh-status').textContent;"
                          " return s && s !== document.getElementById('dh-search').dataset.loading"
                          " && (document.querySelectorAll('.dh-result').length > 0 || !/^\\d/.test(s)) })()",
                          timeout=15000)
    return tab.locator("#dh-status").text_content()


def titles_of(tab) -> list[str]:
    return [t.strip() for t in tab.locator(".dh-result__title").all_text_contents()]


def facet_counts(tab, facet: str) -> dict[str, int]:
    values = tab.locator(f".dh-facet[data-facet='{facet}'] .dh-facet__value")
    return {values.nth(i).locator(".dh-facet__name").text_content(): int(values.nth(i).locator(".dh-facet__count").text_content())
            for i in range(values.count())}


def vocabulary_names(name: str) -> dict[str, str]:
    with open(Path(__file__).resolve().parents[2] / "content/data" / f"{name}.yml", encoding="utf-8") as handle:
        return {item["id"]: item["name"] for item in yaml.safe_load(handle)}


@pytest.mark.parametrize("marked, plain", [("Phiêng Lanh", "phieng lanh"), ("NUÔI CÁ LỒNG", "nuoi ca long"),
                                           ("Vườn rau", "vuon rau")])
def test_a_query_with_or_without_marks_gives_the_same_results(search_site, chromium, serve_folder, marked, plain):
    base = serve_folder(search_site / "site") + "tim-kiem/?q="
    tab = chromium.new_page()
    with_marks = (settle(tab, base + quote(marked)), titles_of(tab))
    without = (settle(tab, base + quote(plain)), titles_of(tab))
    assert with_marks == without and without[1]
    tab.close()


def test_the_last_word_matches_as_a_prefix(search_site, chromium, serve_folder):
    base = serve_folder(search_site / "site") + "tim-kiem/?q="
    tab = chromium.new_page()
    settle(tab, base + quote("nuoi ca lo"))
    assert set(titles_of(tab)) == {"Nuôi cá lồng", "Nuôi cá lồng trên lòng hồ thủy điện"}
    matching = sum("Phiêng Lanh" in p["summary"] for p in search_people())
    assert settle(tab, base + quote("phieng la")) == settle(tab, base + quote("phieng lanh")) == f"{matching} kết quả"
    tab.close()


def test_a_title_match_ranks_above_a_newer_summary_match(search_site, chromium, serve_folder):
    tab = chromium.new_page()
    settle(tab, serve_folder(search_site / "site") + "tim-kiem/?q=" + quote("vuon rau hoa ban"))
    assert titles_of(tab) == ["Vườn rau Hoa Ban", "Lò Thị Mai"]
    marks = tab.locator(".dh-result").nth(1).locator(".dh-card__summary mark").all_text_contents()
    assert marks == ["vườn", "rau", "hoa", "ban"]
    tab.close()


def test_a_query_equal_to_a_title_ranks_it_first(search_site, chromium, serve_folder):
    tab = chromium.new_page()
    settle(tab, serve_folder(search_site / "site") + "tim-kiem/?q=" + quote("nuôi cá lồng"))
    assert titles_of(tab) == ["Nuôi cá lồng", "Nuôi cá lồng trên lòng hồ thủy điện"]
    tab.close()


def test_a_word_typed_in_full_ranks_above_a_word_it_begins(search_site, chromium, serve_folder):
    tab = chromium.new_page()
    settle(tab, serve_folder(search_site / "site") + "tim-kiem/?q=" + quote("to san xuat che an"))
    assert titles_of(tab) == ["Tổ sản xuất chè An Lạc", "Tổ sản xuất chè Anh Đào"]
    tab.close()


@pytest.mark.parametrize("query, status", [("qqxyz", "Không tìm thấy"), ("phieng qqxyz", "Không tìm thấy"),
                                           ("?!", "Gõ từ khóa")])
def test_a_query_that_finds_nothing_says_so(search_site, chromium, serve_folder, query, status):
    tab = chromium.new_page()
    assert settle(tab, serve_folder(search_site / "site") + "tim-kiem/?q=" + quote(query)).startswith(status)
    assert tab.locator(".dh-result").count() == 0
    tab.close()


def test_facet_counts_match_an_independent_count(search_site, chromium, serve_folder):
    fields, awards = vocabulary_names("fields"), vocabulary_names("award_forms")
    matching = [p for p in search_people() if "Phiêng Lanh" in p["summary"]]

    def expected(people: list[dict]) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {"field": defaultdict(int), "year": defaultdict(int), "award": defaultdict(int)}
        for p in people:
            counts["field"][fields[p["field"]]] += 1
            counts["year"][p["date"][:4]] += 1
            for form in {a["form"] for a in p["awards"]}:
                counts["award"][awards[form]] += 1
        return {facet: dict(values) for facet, values in counts.items()}

    tab = chromium.new_page(viewport={"width": 1280, "height": 900})
    assert settle(tab, serve_folder(search_site / "site") + "tim-kiem/?q=phieng+lanh") == f"{len(matching)} kết quả"
    assert {facet: facet_counts(tab, facet) for facet in ("field", "year", "award")} == expected(matching)
    year = "2022"
    in_year = [p for p in matching if p["date"].startswith(year)]
    tab.locator(".dh-facet[data-facet='year'] .dh-facet__value", has_text=year).locator("input").check()
    tab.wait_for_function(f"document.getElementById('dh-status').textContent === '{len(in_year)} kết quả'")
    assert "loc-year=2022" in tab.url
    # Other facets count within the chosen year; the year facet still offers every year of the query.
    assert facet_counts(tab, "field") == expected(in_year)["field"]
    assert facet_counts(tab, "year") == expected(matching)["year"]
    tab.close()


def test_browsing_by_filter_is_newest_first_in_pages_of_ten(search_site, chromium, serve_folder):
    people = [(p["date"], p["name"]) for p in search_people()]
    people += [("2024-12-01", "Lò Thị Mai"), ("2020-06-26", "Giàng A Páo"), ("2020-06-26", "Vàng Thị Ua")]
    newest_first = [name for _, name in sorted(people, key=lambda item: item[0], reverse=True)]
    tab = chromium.new_page()
    status = settle(tab, serve_folder(search_site / "site") + "tim-kiem/?loc-kind=" + quote("Gương cá nhân"))
    assert status == f"{len(people)} kết quả"
    assert titles_of(tab) == newest_first[:10]
    tab.locator("#dh-more").click()
    tab.wait_for_function("document.querySelectorAll('.dh-result').length === 20")
    assert titles_of(tab)[:18] == newest_first[:18]  # the two last share a date
    assert tab.locator(".dh-facet[data-facet='kind'] input:checked").count() == 1
    tab.close()


def test_an_empty_search_shows_the_prompt_and_facet_totals(search_site, chromium, serve_folder):
    tab = chromium.new_page(viewport={"width": 1280, "height": 900})
    status = settle(tab, serve_folder(search_site / "site") + "tim-kiem/")
    assert status.startswith("Gõ từ khóa") and tab.locator(".dh-result").count() == 0
    kinds = facet_counts(tab, "kind")
    assert kinds["Gương cá nhân"] == len(search_people()) + 3
    models = [path for path, text in search_files().items() if path.startswith("models/") and "draft" not in text]
    assert sum(kinds.values()) == len(search_people()) + 3 + len(models)
    tab.close()


def test_matched_words_are_marked_and_indexed_text_never_runs_as_html(search_site, chromium, serve_folder):
    tab = chromium.new_page()
    settle(tab, serve_folder(search_site / "site") + "tim-kiem/?q=chiengkhoa")
    assert titles_of(tab) == ["Vàng Thị Ua"]
    excerpt = tab.locator(".dh-result__excerpt")
    assert excerpt.locator("mark").all_text_contents() == ["Chiêngkhoa"]
    settle(tab, serve_folder(search_site / "site") + "tim-kiem/?q=" + quote("ghi chu img onerror"))
    assert "<img src=x" in excerpt.text_content()
    assert excerpt.locator("img").count() == 0 and tab.evaluate("window.__xss") is None
    tab.close()


def test_an_index_that_cannot_be_loaded_is_said_and_retried(search_site, chromium, serve_folder):
    tab = chromium.new_page()
    tab.route("**/chi-muc/loc.json*", lambda route: route.abort())
    status = settle(tab, serve_folder(search_site / "site") + "tim-kiem/?q=" + quote("nuôi cá lồng"))
    assert status.startswith("Chưa tải được dữ liệu tìm kiếm")
    tab.unroute("**/chi-muc/loc.json*")
    tab.locator(".dh-search__submit").click()
    tab.wait_for_function("document.querySelectorAll('.dh-result').length === 2")
    assert titles_of(tab)[0] == "Nuôi cá lồng"
    tab.close()


def test_index_files_are_stored_compressed(search_site):
    folder = search_site / "site/tim-kiem/chi-muc"
    files = [path for path in folder.rglob("*") if path.is_file()]
    assert {path.name for path in files if not path.name.endswith(".json.gz")} == {"index.json"}
    for path in files:
        if path.name != "index.json":
            assert isinstance(json.loads(gzip.decompress(path.read_bytes())), (list, dict)), path


class GzLabelledAsEncoding(QuietHandler):
    """A server that sends a .gz file with Content-Encoding: gzip (Apache's AddEncoding), so that the
    browser hands the page the file already decompressed."""

    def end_headers(self):
        if self.path.split("?")[0].endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


def test_search_reads_the_compressed_index_in_any_browser_and_from_any_server(search_site, chromium, serve_folder):
    """The same results with the browser's DecompressionStream, without it (inflate.js, as in Safari before 16.4),
    and from a server that decompresses the files on the way."""
    query = "tim-kiem/?q=" + quote("nuoi ca")
    tab = chromium.new_page()
    expected = (settle(tab, serve_folder(search_site / "site") + query), titles_of(tab))
    assert expected[1]
    tab.close()

    old_browser = chromium.new_page()
    old_browser.add_init_script("delete window.DecompressionStream")
    loaded = []
    old_browser.on("request", lambda request: loaded.append(request.url))
    assert (settle(old_browser, serve_folder(search_site / "site") + query), titles_of(old_browser)) == expected
    assert any(url.endswith("/assets/javascripts/inflate.js") for url in loaded)
    old_browser.close()

    tab = chromium.new_page()
    assert (settle(tab, serve_folder(search_site / "site", GzLabelledAsEncoding) + query), titles_of(tab)) == expected
    tab.close()


def test_private_biographies_and_drafts_never_reach_the_index(search_site):
    folder = search_site / "site/tim-kiem/chi-muc"
    published = b"".join(gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
                         for path in sorted(folder.rglob("*")) if path.is_file())
    assert "Giàng A Páo".encode() in published  # the person is there, by name
    for secret in ("Pusilung", "pusilung", "Zêrôtest", "zerotest", "Bản nháp"):
        assert secret.encode() not in published, secret


def test_index_files_are_identical_when_nothing_changed(search_site):
    folder = search_site / "site/tim-kiem/chi-muc"
    before = {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    result = run(search_site, "build")
    assert result.returncode == 0, result.stderr
    after = {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert after == before and len(before) > 5


# ---------------------------------------------------------------- statistics

def people_with_awards(count: int, seed: int) -> dict[str, str]:
    """Fictional people with awards and flags, some flags missing, written as staff would."""
    rng = random.Random(seed)
    files = {}
    for index in range(count):
        lines = [f"name: Người Thử {index}", "unit: trung-tam-y-te-tan-uyen", "date: 2024-01-02"]
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


def test_charts_are_static_html_with_the_same_numbers(stats_site):
    project, files = stats_site
    page = lxml_html.fromstring((project / "site/thong-ke/index.html").read_text(encoding="utf-8"))
    charts = page.xpath("//figure[@class='dh-figure']/div[@class='dh-bars']")
    assert len(charts) >= 6 and all(c.get("aria-hidden") == "true" for c in charts)  # the tables carry the numbers
    nq07 = page.xpath("//div[@id='bd-nq07']")[0]
    labels = [t.strip() for t in nq07.xpath(".//span/text()")]
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
