"""Real builds of the sample content (plus fixtures) and assertions on the produced HTML."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_project, model, person, run
from lxml import html as lxml_html

EXTRA = {
    # Drafts and future entries must not be published.
    "people/nhap-chua-dang.md": person("Nguyễn Văn Nháp", "draft: true\n"),
    "models/hen-ngay-dang.md": model("Mô hình hẹn ngày", date="2031-01-01"),
    # Names that test Vietnamese order: Đ after D, tone marks after letters.
    "people/nguyen-van-dong.md": person("Nguyễn Văn Đông"),
    "people/tran-van-dung.md": person("Trần Văn Dũng"),
    "people/ha-van-an.md": person("Hà Văn An"),
    "people/le-thi-anh.md": person("Lê Thị Ánh"),
    # Consent governs the biography.
    "people/co-dong-y.md": person("Bùi Thị Đồng Ý", "consent:\n  biography: true\n  date: 2025-03-01\n",
                                  body="Tiểu sử được phép đăng: hai mươi năm gắn bó với nghề."),
    "people/chua-dong-y.md": person("Bùi Văn Chưa", body="Tiểu sử KHÔNG được đăng khi chưa có đồng ý."),
    # Untrusted HTML in staff Markdown.
    "models/thu-ma-doc.md": model("Thử mã độc", body=(
        "Đoạn an toàn.\n\n<script>window.hacked=1</script>\n\n"
        '<img src="x" onerror="window.hacked=2">\n\n[bấm](javascript:alert(1))\n\n'
        '<a href="https://example.org" onclick="window.hacked=3">liên kết</a>\n')),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("build"), EXTRA, sample=True)
    result = run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


def page(project: Path, url: str):
    return lxml_html.fromstring((project / "site" / url / "index.html").read_text(encoding="utf-8"))


def sample_entries(collection: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])
            for p in (ROOT / "content" / collection).glob("*.md")}


def test_every_sample_entry_has_a_page_with_its_title(built):
    project, _ = built
    for collection, prefix, key in (("models", "mo-hinh", "title"), ("people", "ca-nhan", "name"),
                                    ("movements", "phong-trao", "title")):
        for entry_id, data in sample_entries(collection).items():
            doc = page(project, f"{prefix}/{entry_id}")
            assert doc.xpath("string(//h1)").strip() == data[key]


def test_drafts_and_future_entries_are_not_published(built):
    project, _ = built
    assert not (project / "site" / "ca-nhan" / "nhap-chua-dang").exists()
    assert not (project / "site" / "mo-hinh" / "hen-ngay-dang").exists()
    everything = "".join(p.read_text(encoding="utf-8") for p in (project / "site").rglob("*.html"))
    assert "Nguyễn Văn Nháp" not in everything and "Mô hình hẹn ngày" not in everything


def test_field_listing_holds_exactly_the_entries_of_that_field(built):
    project, _ = built
    units = {u["id"]: u for u in yaml.safe_load((ROOT / "content/data/units.yml").read_text(encoding="utf-8"))}
    expected = set()
    for collection in ("models", "people"):
        for entry_id, data in sample_entries(collection).items():
            field = data.get("field") or units[data.get("unit") or data["units"][0]]["field"]
            if field == "y-te" and not data.get("draft"):
                expected.add(data.get("title") or data.get("name"))
    expected |= {"Hà Văn An", "Lê Thị Ánh", "Nguyễn Văn Đông", "Trần Văn Dũng", "Bùi Thị Đồng Ý", "Bùi Văn Chưa",
                 "Thử mã độc"}
    doc = page(project, "linh-vuc/y-te")
    shown = {t.strip() for t in doc.xpath("//*[contains(@class,'dh-card__title')]//text()")}
    assert shown == expected


def test_movement_page_lists_its_models_and_people(built):
    project, _ = built
    expected = set()
    for collection in ("models", "people"):
        for data in sample_entries(collection).values():
            if "lao-dong-gioi-lao-dong-sang-tao" in (data.get("movements") or []):
                expected.add(data.get("title") or data.get("name"))
    doc = page(project, "phong-trao/lao-dong-gioi-lao-dong-sang-tao")
    shown = {t.strip() for t in doc.xpath("//section[@aria-labelledby='dh-members']//h3//text()")}
    assert shown == expected and len(expected) >= 5


def test_people_index_is_in_vietnamese_name_order(built):
    project, _ = built
    doc = page(project, "ca-nhan")
    names = [t.strip() for t in doc.xpath("//*[contains(@class,'dh-card__title')]//text()")]
    expected = ["Hà Văn An", "Lê Thị Ánh", "Vũ Ngọc Sang"]
    assert [n for n in names if n in expected] == expected
    assert names.index("Trần Văn Dũng") < names.index("Nguyễn Văn Đông") < names.index("Dương Thị Hằng")
    assert names.index("Dương Thị Hằng") < names.index("Đỗ Thị Huệ") \
        < names.index("Đào Việt Hưng") < names.index("Lò Văn Hương") < names.index("Dương Thị Như")
    assert names.index("Vũ Ngọc Sang") < names.index("Nguyễn Thị Thùy")
    letters = doc.xpath("//nav[contains(@class,'dh-letters')]//a/text()")
    assert letters.index("D") < letters.index("Đ") < letters.index("H")


def test_letter_links_land_on_their_letter(built):
    project, _ = built
    site = project / "site"
    hrefs = page(project, "ca-nhan").xpath("//nav[contains(@class,'dh-letters')]//a/@href")
    assert hrefs
    for href in hrefs:
        path, _, anchor = href.partition("#")
        target = (site / "ca-nhan" / path / "index.html").resolve()
        assert target.is_file(), href
        assert lxml_html.fromstring(target.read_bytes()).xpath(f"//*[@id='{anchor}']"), href


def test_biography_only_with_consent(built):
    project, _ = built
    assert "hai mươi năm gắn bó" in (project / "site/ca-nhan/co-dong-y/index.html").read_text(encoding="utf-8")
    assert "KHÔNG được đăng" not in (project / "site/ca-nhan/chua-dong-y/index.html").read_text(encoding="utf-8")


def test_untrusted_html_is_sanitised(built):
    project, _ = built
    text = (project / "site/mo-hinh/thu-ma-doc/index.html").read_text(encoding="utf-8")
    body = lxml_html.fromstring(text).xpath("//div[@class='dh-body']")[0]
    rendered = lxml_html.tostring(body, encoding="unicode")
    assert "Đoạn an toàn." in rendered
    assert "hacked" not in rendered and "javascript:" not in rendered and "onerror" not in rendered
    assert body.xpath("count(.//script)") == 0


def test_untrusted_html_does_not_run_in_a_browser(built, chromium, serve_folder):
    project, _ = built
    base = serve_folder(project / "site")
    tab = chromium.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(base + "mo-hinh/thu-ma-doc/")
    tab.wait_for_load_state("networkidle")
    for link in tab.locator("main a").all():
        href = link.get_attribute("href") or ""
        if not href.startswith(("http", "/", "#", ".")) and link.is_visible():
            link.click(no_wait_after=True, timeout=2000)
    assert tab.evaluate("window.hacked === undefined")
    assert tab.evaluate("document.querySelectorAll('[onerror], [onclick], script:not([src])').length") == 0 or \
        tab.evaluate("[...document.querySelectorAll('script:not([src])')].every(s => !s.textContent.includes('hacked'))")
    assert "hacked" not in tab.content().split("<main", 1)[1]
    assert dialogs == []
    tab.close()


def test_entries_are_not_in_the_navigation(built):
    project, _ = built
    doc = page(project, "")
    nav_links = doc.xpath("//nav[contains(@class,'md-nav') or contains(@class,'md-tabs')]//a/@href")
    assert nav_links and not [h for h in nav_links if re.search(r"(mo-hinh|ca-nhan|phong-trao)/[a-z0-9-]+/$", h)]


def test_build_fetches_and_links_nothing_from_the_network(built):
    project, _ = built
    for file in (project / "site").rglob("*.html"):
        doc = lxml_html.fromstring(file.read_text(encoding="utf-8"))
        for url in doc.xpath("//script/@src | //link[@rel='stylesheet']/@href | //img/@src"):
            assert not url.startswith(("http:", "https:", "//")), (file, url)
    assert "fonts.googleapis" not in (project / "site/index.html").read_text(encoding="utf-8")


def test_every_file_a_page_loads_is_published_and_unused_theme_files_are_not(built):
    project, _ = built
    site = project / "site"
    for file in site.rglob("*.html"):
        doc = lxml_html.fromstring(file.read_text(encoding="utf-8"))
        for url in doc.xpath("//script/@src | //link[@rel='stylesheet' or @rel='preload' or @rel='icon']/@href"):
            path = url.split("?")[0]  # the 404 page's addresses start at the site root, being served anywhere
            assert (site / path.lstrip("/") if path.startswith("/") else file.parent / path).resolve().is_file(), (file, url)
    shipped = [p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.is_file()]
    assert "assets/javascripts/bundle.a5f9d56c.min.js" in shipped  # Material's own script still comes along
    assert not [p for p in shipped if p.endswith(".map") or "/lunr/" in p or "/workers/" in p or "/palette." in p]


def test_related_cards_name_the_entry_and_own_sections_keep_summaries(built):
    project, _ = built
    doc = page(project, "ca-nhan/dao-viet-hung")
    related = doc.xpath("//aside[contains(@class,'dh-related')]//article[contains(@class,'dh-card')]")
    assert related
    for card in related:
        assert card.xpath("string(.//h3//a)").strip() and not card.xpath(".//*[contains(@class,'dh-card__summary')]")
    listing = page(project, "linh-vuc/y-te")
    assert listing.xpath("//*[contains(@class,'dh-card__summary')]")
    assert listing.xpath("//*[contains(@class,'dh-card__kind')]")  # models and people together: each card says which


def test_material_script_runs_and_icons_show(built, chromium, serve_folder):
    """Material's settings store comes from scope.js and the icons from the style sheet: the bundle runs
    without an error on a nested page, and each icon is a visible 24 px mask in the text's colour."""
    project, _ = built
    base = serve_folder(project / "site")
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(base + "mo-hinh/cat-polyp-dai-trang-qua-noi-soi/")
    tab.wait_for_function("document.documentElement.classList.contains('js')")
    assert tab.evaluate("__md_scope.href") == base
    tab.evaluate("__md_set('dh-test', 1)")
    assert tab.evaluate("localStorage.getItem(new URL(base).pathname + '.dh-test')".replace("base", repr(base))) == "1"
    icons = tab.evaluate("""[...document.querySelectorAll('.dh-icon')].map(icon => {
        const style = getComputedStyle(icon), box = icon.getBoundingClientRect();
        return [icon.className, style.maskImage || style.webkitMaskImage, style.backgroundColor, style.color,
                box.width, box.height, !!icon.closest('.md-top')];
    })""")
    assert {name for name, *_ in icons} == {"dh-icon dh-icon--menu", "dh-icon dh-icon--search", "dh-icon dh-icon--top"}
    for name, mask, background, colour, width, height, in_top in icons:
        assert mask.startswith('url("data:image/svg+xml'), (name, mask)
        assert background == colour, name
        assert in_top or (width, height) == (24, 24), (name, width, height)
    assert errors == []
    tab.close()


def test_pages_are_in_vietnamese_with_open_graph_basics(built):
    project, _ = built
    doc = page(project, "mo-hinh/cat-polyp-dai-trang-qua-noi-soi")
    assert doc.xpath("string(/html/@lang)") == "vi"
    assert doc.xpath("string(//meta[@property='og:locale']/@content)") == "vi_VN"
    assert doc.xpath("string(//meta[@property='og:url']/@content)") == \
        "https://dienhinh.ldld-laichau.example/mo-hinh/cat-polyp-dai-trang-qua-noi-soi/"


def test_progress_and_one_line_summary(built):
    _, result = built
    assert "Đọc và kiểm tra nội dung" in result.stderr and "Dựng HTML" in result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert re.match(r"Xong: \d+ mục, \d+ trang, \d+ nguồn tin, \d+ cảnh báo, [\d,]+ giây\.", summary), summary


def test_preview_builds_drafts_with_a_notice(tmp_path):
    project = make_project(tmp_path, {"people/nhap.md": person("Nguyễn Văn Nháp", "draft: true\n")})
    result = run(project, "build", "--preview")
    assert result.returncode == 0, result.stderr
    text = (project / "site/ca-nhan/nhap/index.html").read_text(encoding="utf-8")
    assert "Bản nháp" in text


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_the_published_site_untouched(tmp_path):
    project = make_project(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng")})
    assert run(project, "build").returncode == 0
    before = snapshot(project / "site")
    (project / "content/people/dao-viet-hung.md").write_text(person("Đào Việt Hưng", "postion: x\n"), encoding="utf-8")
    (project / "content/people/moi.md").write_text(person("Người Mới"), encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1
    assert "postion" in result.stderr and "giữ nguyên" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project / "site") == before
    assert not (project / "site.staging").exists() and not list(project.glob("site.old-*"))


def test_crash_inside_mkdocs_leaves_the_published_site_untouched(tmp_path):
    project = make_project(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng")})
    assert run(project, "build").returncode == 0
    before = snapshot(project / "site")
    (project / "content/people/moi.md").write_text(person("Người Mới"), encoding="utf-8")
    main = project / "theme" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("{% block htmltitle %}", "{% block htmltitle %}{{ 1 / 0 }}"),
                    encoding="utf-8")
    result = run(project, "build")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "giữ nguyên" in result.stderr
    assert snapshot(project / "site") == before
    assert not (project / "site.staging").exists() and not list(project.glob("site.old-*"))


@pytest.mark.parametrize("url", ["", "ca-nhan/", "mo-hinh/cat-polyp-dai-trang-qua-noi-soi/",
                                 "phong-trao/lao-dong-gioi-lao-dong-sang-tao/", "linh-vuc/y-te/", "gioi-thieu/"])
def test_pages_fit_a_360px_phone(built, chromium, serve_folder, url):
    project, _ = built
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    tab.goto(serve_folder(project / "site") + url)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    tab.close()


def test_people_index_reads_on_a_360px_phone(built, chromium, serve_folder):
    project, _ = built
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    tab.goto(serve_folder(project / "site") + "ca-nhan/")
    first_card = tab.locator(".dh-card").first.bounding_box()
    assert first_card["width"] <= 360 and first_card["x"] >= 0
    tab.close()


def test_keyboard_reaches_the_content_with_a_visible_focus(built, chromium, serve_folder):
    """Tab first offers the skip link, which lands in the content; every focused control shows a ring."""
    project, _ = built
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    tab.goto(serve_folder(project / "site") + "ca-nhan/")
    tab.keyboard.press("Tab")
    first = tab.evaluate("({tag: document.activeElement.tagName, href: document.activeElement.getAttribute('href')})")
    assert first["tag"] == "A" and first["href"].startswith("#"), first
    reached_card = False
    for _ in range(60):
        focus = tab.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {inCard: !!e.closest('.dh-card'), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                    shadow: s.boxShadow !== 'none', visible: e.getClientRects().length > 0, tag: e.tagName};
        }""")
        if focus["visible"] and focus["tag"] != "BODY":
            assert focus["outline"] or focus["shadow"], focus
        if focus["inCard"]:
            reached_card = True
            break
        tab.keyboard.press("Tab")
    assert reached_card
    tab.close()


def test_phone_menu_opens_and_closes_from_the_keyboard(built, chromium, serve_folder):
    project, _ = built
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    tab.goto(serve_folder(project / "site") + "ca-nhan/")
    off_screen = tab.evaluate("""[...document.querySelectorAll('.md-sidebar--primary a')]
        .filter(a => a.getClientRects().length && getComputedStyle(a).visibility === 'visible').length""")
    assert off_screen == 0  # the closed drawer takes no Tab stops
    for _ in range(5):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.getAttribute('aria-expanded')") is not None:
            break
    assert tab.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(400)
    box = tab.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); "
                       "return {x: r.x, tag: document.activeElement.tagName, nav: !!document.activeElement.closest('.md-sidebar--primary')}; })()")
    assert box["nav"] and box["tag"] == "A" and box["x"] >= 0, box
    # the page carries the section links once, in the tab bar; the open drawer lists the same, this one marked
    html = lxml_html.fromstring((project / "site" / "ca-nhan" / "index.html").read_text(encoding="utf-8"))
    assert not html.xpath("//div[contains(@class,'md-sidebar--primary')]//ul//a")
    drawer = tab.evaluate("""[...document.querySelectorAll('.md-sidebar--primary .md-nav__list a')]
        .map(a => [a.getAttribute('href'), a.textContent.trim(), a.classList.contains('md-nav__link--active'),
                   a.getClientRects().length > 0])""")
    tabs = [[link.get("href"), " ".join(link.text_content().split()),
             "md-tabs__item--active" in link.getparent().get("class", ""), True]
            for link in html.xpath("//nav[contains(@class,'md-tabs')]//a")]
    assert drawer == tabs and len(tabs) >= 8 and sum(active for _, _, active, _ in tabs) == 1, (drawer, tabs)
    tab.keyboard.press("Escape")
    assert tab.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    assert tab.evaluate("document.getElementById('__drawer').checked") is False
    tab.close()


def test_no_page_shows_a_python_object_instead_of_a_label(built):
    """A label whose key is also a dict method (clear, items...) once printed '<built-in method ...>'."""
    project, _ = built
    leaks = [page.relative_to(project / "site").as_posix() for page in (project / "site").rglob("*.html")
             if re.search(r"built-in method|object at 0x|\bNone\b</", page.read_text(encoding="utf-8"))]
    assert leaks == []


def test_the_home_page_leaves_out_figures_that_are_zero(tmp_path):
    project = make_project(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng")})
    assert run(project, "build").returncode == 0
    home = lxml_html.parse(str(project / "site/index.html")).getroot()
    figures = [" ".join(li.text_content().split()) for li in home.xpath("//ul[@class='dh-numbers']/li")]
    assert figures == ["1 gương cá nhân"], figures  # no "0 phong trào", no "0 lượt khen thưởng"
