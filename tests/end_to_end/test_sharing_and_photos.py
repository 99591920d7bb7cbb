"""Open Graph tags, social cards, share links and the photo pipeline, checked on built output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MOVEMENT, make_project, model, person, run
from lxml import html as lxml_html
from PIL import Image

SITE = "https://dienhinh.ldld-laichau.example/"
CONSENT = "consent:\n  photo: true\n  biography: true\n  date: 2025-03-01\n"
ROLL = """---
title: Tập thể, cá nhân được tặng Giấy khen năm 2025
issuer: ldld-tinh
decision:
  number: 07/QĐ-LĐLĐ
  date: 2025-02-06
award: giay-khen
date: 2025-02-10
recipients:
  - kind: tap-the
    name: Tổ Sao chè số 1
    unit: Công ty Chè Núi Xanh
  - kind: ca-nhan
    name: Bà Đặng Thị Hoa
    position: Công nhân
    unit: Công ty Chè Núi Xanh
---
"""
ABOUT = "---\ntitle: Giới thiệu\nsummary: Trang điển hình tiên tiến của công đoàn tỉnh.\n---\n\nNội dung.\n"


def phone_photo(path: Path, orientation: int = 6) -> None:
    """Stored 600×400 with the left half red: shown upright (orientation 6 = rotate 90° clockwise) the top is red.
    Carries EXIF with GPS coordinates, an XMP packet and an ICC profile, as phone uploads do."""
    from PIL import ImageCms

    image = Image.new("RGB", (600, 400), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 300, 400))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (22.0, 23.0, 45.0), 3: "E", 4: (103.0, 27.0, 30.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(path, "JPEG", quality=90, exif=exif, icc_profile=icc, xmp=xmp)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    files = {
        "movements/lao-dong-gioi.md": MOVEMENT,
        "people/dao-viet-hung.md": person(
            "Đào Việt Hưng", "movements: [lao-dong-gioi]\nphoto:\n  file: dao-viet-hung.jpg\n"
            "  alt: Bác sĩ Đào Việt Hưng mặc áo blouse trắng\n" + CONSENT),
        "people/chua-dong-y.md": person("Nguyễn Thị Thùy", "photo:\n  file: chua-dong-y.jpg\n  alt: Ảnh chân dung\n"),
        "models/tra-than-uyen.md": model(
            "Mô hình chế biến chè", "photos:\n  - file: a.jpg\n    alt: Dây chuyền sao chè\n    caption: Sao chè\n"
            "  - file: hong.jpg\n    alt: Ảnh hỏng\n  - file: bom.png\n    alt: Ảnh quá cỡ\n"
            "  - file: gia.jpg\n    alt: Không phải ảnh\n  - file: cat-cut.jpg\n    alt: Ảnh tải dở\n"),
        "honours/giay-khen-2025.md": ROLL,
        "pages/gioi-thieu.md": ABOUT,
    }
    project = make_project(tmp_path_factory.mktemp("photos"), files)
    people, models = project / "content/people", project / "content/models"
    phone_photo(people / "dao-viet-hung.jpg")
    phone_photo(people / "chua-dong-y.jpg")
    phone_photo(models / "a.jpg", orientation=1)
    phone_photo(models / "hong.jpg")
    (models / "hong.jpg").write_bytes((models / "hong.jpg").read_bytes()[:600])  # truncated upload
    Image.new("L", (9000, 9000)).save(models / "bom.png")  # 81 megapixels of nothing
    (models / "gia.jpg").write_text("Đây là tệp văn bản, không phải ảnh.", encoding="utf-8")
    phone_photo(models / "cat-cut.jpg")
    data = (models / "cat-cut.jpg").read_bytes()
    (models / "cat-cut.jpg").write_bytes(data[: len(data) * 2 // 3])
    first = run(project, "build")
    assert first.returncode == 0, first.stderr
    second = run(project, "build")
    assert second.returncode == 0, second.stderr
    return project, first, second


def doc(project: Path, url: str):
    return lxml_html.fromstring((project / "site" / url / "index.html").read_text(encoding="utf-8"))


def meta(page, prop: str) -> str:
    values = page.xpath(f"//head/meta[@property='{prop}' or @name='{prop}']/@content")
    assert len(values) == 1, prop
    return values[0]


def test_entry_page_open_graph_and_card(built):
    project, _, _ = built
    page = doc(project, "ca-nhan/dao-viet-hung")
    assert meta(page, "og:title") == "Đào Việt Hưng"
    assert meta(page, "og:description") == "Gương tiêu biểu."
    assert meta(page, "og:url") == SITE + "ca-nhan/dao-viet-hung/"
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:locale") == "vi_VN"
    image_url = meta(page, "og:image")
    assert image_url.startswith(SITE)
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    with Image.open(project / "site" / image_url.removeprefix(SITE)) as card:
        assert card.get_format_mimetype() == meta(page, "og:image:type")
    assert meta(page, "twitter:card") == "summary_large_image"
    # X falls back to the Open Graph tags: no second copy of title, description and image
    assert not page.xpath("//head/meta[@name='twitter:title' or @name='twitter:description' or @name='twitter:image']")
    with Image.open(project / "site" / image_url.removeprefix(SITE)) as card:
        assert card.size == (1200, 630)


@pytest.mark.parametrize("url", ["", "ca-nhan", "linh-vuc", "phong-trao/lao-dong-gioi", "mo-hinh/tra-than-uyen"])
def test_every_page_has_an_existing_share_image(built, url):
    project, _, _ = built
    page = doc(project, url)
    for prop in ("og:title", "og:url", "og:type", "og:locale", "og:image", "og:image:width", "og:image:height"):
        assert meta(page, prop)
    image = project / "site" / meta(page, "og:image").removeprefix(SITE)
    with Image.open(image) as card:
        assert card.size == (int(meta(page, "og:image:width")), int(meta(page, "og:image:height")))


def test_cards_differ_per_entry_and_are_cached(built):
    project, first, second = built
    images = {meta(doc(project, u), "og:image") for u in ("ca-nhan/dao-viet-hung", "ca-nhan/chua-dong-y",
                                                          "mo-hinh/tra-than-uyen", "")}
    assert len(images) == 4
    assert re.search(r"Vẽ thẻ chia sẻ: [1-9]\d* thẻ vẽ mới", first.stderr)
    assert re.search(r"Vẽ thẻ chia sẻ: 0 thẻ vẽ mới", second.stderr)


def test_share_links_without_third_party_scripts(built):
    project, _, _ = built
    page = doc(project, "ca-nhan/dao-viet-hung")
    facebook = page.xpath("//div[@class='dh-share']//a/@href")
    assert facebook == ["https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fdienhinh.ldld-laichau.example%2Fca-nhan%2Fdao-viet-hung%2F"]
    assert {b.get("data-share") for b in page.xpath("//div[@class='dh-share']//button")} == {"zalo", "copy"}
    for src in page.xpath("//script/@src"):
        assert not src.startswith(("http:", "https:", "//")), src


def test_copy_link_button_works_in_a_browser(built, chromium, serve_folder):
    project, _, _ = built
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(serve_folder(project / "site") + "ca-nhan/dao-viet-hung/")
    button = tab.locator("button[data-share='copy']")
    assert button.is_visible()
    button.click()
    tab.wait_for_function("document.querySelector('.dh-share__status').textContent.length > 0")
    assert tab.locator(".dh-share__status").text_content() == "Đã sao chép liên kết"
    # the public address, not the preview's
    assert tab.evaluate("navigator.clipboard.readText()") == SITE + "ca-nhan/dao-viet-hung/"
    context.close()


def published_renditions(project: Path) -> list[Path]:
    return [p for p in (project / "site/anh").rglob("*") if p.is_file() and p.parent.name != "the"]


def test_published_photos_carry_no_metadata(built):
    project, _, _ = built
    files = published_renditions(project)
    assert files
    for file in files:
        data = file.read_bytes()
        assert b"Exif" not in data and b"PhoneMaker" not in data and b"xmpmeta" not in data, file
        with Image.open(file) as image:
            assert len(image.getexif()) == 0, file
            assert "icc_profile" not in image.info and "xmp" not in image.info, file


def test_photos_are_upright_and_responsive(built):
    project, _, _ = built
    img = doc(project, "ca-nhan/dao-viet-hung").xpath("//figure[@class='dh-portrait']//img")[0]
    assert img.get("alt") == "Bác sĩ Đào Việt Hưng mặc áo blouse trắng"
    assert img.get("width") == "400" and img.get("height") == "600"
    assert "480w" in (img.get("srcset") or "") or img.get("srcset")
    source = project / "site/ca-nhan/dao-viet-hung" / img.get("src")
    with Image.open(source.resolve()) as image:
        assert image.size == (400, 600)
        top = image.getpixel((200, 60))
        bottom = image.getpixel((200, 540))
        assert top[0] > 200 and top[2] < 60, top
        assert bottom[2] > 200 and bottom[0] < 60, bottom
    gallery = doc(project, "mo-hinh/tra-than-uyen").xpath("//div[@class='dh-gallery']//img")
    assert len(gallery) == 1 and gallery[0].get("width") and gallery[0].get("height")
    webp = doc(project, "mo-hinh/tra-than-uyen").xpath("//div[@class='dh-gallery']//source[@type='image/webp']/@srcset")
    assert webp and ".webp" in webp[0]


def test_unconsented_portrait_is_not_published_and_an_avatar_stands_in(built):
    project, _, _ = built
    page = doc(project, "ca-nhan/chua-dong-y")
    assert not page.xpath("//figure[@class='dh-portrait']//img")
    assert page.xpath("string(//figure[@class='dh-portrait']//span[contains(@class,'dh-avatar')])").strip() == "NT"
    # Four photos are publishable (one portrait, the good model photo ... minus broken ones): only two sources.
    keys = {p.parent.name for p in published_renditions(project)}
    assert len(keys) == 2


def test_bad_images_are_reported_in_vietnamese_and_do_not_stop_the_site(built):
    project, first, _ = built
    log = first.stderr
    assert "Traceback" not in log
    for name, reason in (("hong.jpg", "bị hỏng"), ("bom.png", "kích thước bất thường"),
                         ("gia.jpg", "không phải ảnh"), ("cat-cut.jpg", "bị hỏng")):
        lines = [line for line in log.splitlines() if f'"{name}"' in line]
        assert len(lines) == 1 and reason in lines[0], (name, log)
        assert all("content/models/tra-than-uyen.md:" in line for line in lines)
    assert (project / "site/mo-hinh/tra-than-uyen/index.html").is_file()


def test_warm_rebuild_processes_no_image(built):
    _, first, second = built
    # Three bad files are refused by the header check; the half-uploaded one only when decoded.
    assert re.search(r"Xử lý ảnh: 2 ảnh xử lý mới, 0 ảnh dùng lại, 1 ảnh lỗi", first.stderr), first.stderr
    assert re.search(r"Xử lý ảnh: 0 ảnh xử lý mới, 2 ảnh dùng lại", second.stderr), second.stderr


def test_huge_upload_is_refused_before_decoding(tmp_path):
    project = make_project(tmp_path, {"people/a.md": person("Lò Văn Hương", "photo:\n  file: to.jpg\n  alt: Ảnh\n" + CONSENT)})
    with (project / "content/people/to.jpg").open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)
    result = run(project, "validate")
    assert result.returncode == 0
    assert re.search(r'content/people/a\.md:\d+: cảnh báo: photo\.file — ảnh "to\.jpg" không đăng được: ảnh quá lớn',
                     result.stdout), result.stdout


def test_a_card_without_photo_is_a_small_palette_png_whose_text_keeps_its_antialiasing(built):
    project, _, _ = built
    page = doc(project, "ca-nhan/chua-dong-y")
    path = project / "site" / meta(page, "og:image").removeprefix(SITE)
    assert path.suffix == ".png" and path.stat().st_size < 60_000
    with Image.open(path) as card:
        assert card.mode == "P"
        colours = {colour for _, colour in card.convert("RGB").getcolors(maxcolors=256)}
    ink, white = (20, 24, 31), (255, 255, 255)
    assert {ink, white} <= colours
    between = [c for c in colours if all(min(a, b) < v < max(a, b) for v, a, b in zip(c, ink, white))]
    assert len(between) >= 8  # the edges of the letters are shades between ink and paper, not jagged


# One page of each kind that has something of its own to share; the home page alone uses the site's card.
OWN_CARD_PAGES = ["phong-trao", "mo-hinh", "ca-nhan", "linh-vuc", "linh-vuc/y-te", "nam", "nam/2020", "dia-ban",
                  "vinh-danh", "vinh-danh/giay-khen-2025", "thong-ke", "tim-kiem", "du-lieu", "gioi-thieu",
                  "phong-trao/lao-dong-gioi"]


def card_file(project: Path, url: str) -> Path:
    return project / "site" / meta(doc(project, url), "og:image").removeprefix(SITE)


@pytest.mark.parametrize("url", OWN_CARD_PAGES)
def test_each_page_type_shares_a_card_of_its_own(built, url):
    project, _, _ = built
    page = doc(project, url)
    image = card_file(project, url)
    assert image.is_file()
    with Image.open(image) as card:
        assert card.format == "PNG" and card.size == (1200, 630)
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        assert meta(page, "og:image:type") == card.get_format_mimetype()
    home = card_file(project, "")
    assert meta(page, "og:image") != meta(doc(project, ""), "og:image")
    assert image.read_bytes() != home.read_bytes()


def test_no_two_page_types_share_a_card(built):
    project, _, _ = built
    images = [meta(doc(project, url), "og:image") for url in OWN_CARD_PAGES]
    assert len(set(images)) == len(images)
    assert len({card_file(project, url).read_bytes() for url in OWN_CARD_PAGES}) == len(images)


def test_a_roll_is_shared_with_its_own_card_not_the_home_pages(built):
    project, _, _ = built
    roll = doc(project, "vinh-danh/giay-khen-2025")
    assert meta(roll, "og:image") != meta(doc(project, ""), "og:image")
    assert meta(roll, "og:title") == "Tập thể, cá nhân được tặng Giấy khen năm 2025"
    assert card_file(project, "vinh-danh/giay-khen-2025") != card_file(project, "vinh-danh")


def test_cards_are_drawn_identically_by_a_fresh_build(built):
    """A cold cache draws byte-identical cards, so a rebuild never changes published images."""
    project, _, _ = built
    cards = project / "site/anh/the"
    before = {p.name: p.read_bytes() for p in cards.iterdir()}
    cache = project / ".cache/images/the"
    for path in cache.iterdir():
        path.unlink()
    (project / ".cache/last-build.json").unlink()  # else nothing is built: no input changed
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    assert re.search(rf"Vẽ thẻ chia sẻ: {len(before)} thẻ vẽ mới, 0 thẻ dùng lại", result.stderr), result.stderr
    assert {p.name: p.read_bytes() for p in cards.iterdir()} == before
