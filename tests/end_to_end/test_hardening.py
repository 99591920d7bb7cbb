"""Bad uploads, tried as an attacker and as a hurried editor: each is a Vietnamese content problem naming the
file, the published site stays as it was, and nothing outside the project is read or published."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import LINE, MOVEMENT, make_project, model, one, person, run
from PIL import Image, PngImagePlugin

from dienhinh.publish import explain

SECRET = "BÍ-MẬT-NGOÀI-THƯ-MỤC"


def problems_in(text: str) -> list[dict]:
    """Problem lines of a build, which prints them on standard error."""
    return [m.groupdict() for m in map(LINE.match, text.splitlines()) if m]


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def published(tmp_path):
    """A project whose site is published; tests break it and check that site/ did not change."""
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "people/dao-viet-hung.md": person("Đào Việt Hưng")})
    assert run(project, "build").returncode == 0
    return project, digests(project / "site")


def outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "ngoai" / "bi-mat.md"
    secret.parent.mkdir()
    secret.write_text(person(SECRET), encoding="utf-8")
    return secret


def assert_refused(project: Path, before: dict[str, str], path: str, field: str, message: str):
    result = run(project, "build")
    assert result.returncode == 1, result.stdout + result.stderr
    found = [p for p in problems_in(result.stderr) if p["path"] == path and p["field"] == field]
    assert found and message in found[0]["message"], result.stderr
    assert "Lỗi chương trình" not in result.stderr and "Traceback" not in result.stderr
    assert digests(project / "site") == before
    assert SECRET not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                 for p in (project / "build").rglob("*") if p.is_file())


def test_an_entry_linked_to_a_file_outside_is_refused(published, tmp_path):
    project, before = published
    (project / "content/people/lien-ket.md").symlink_to(outside_file(tmp_path))
    assert_refused(project, before, "content/people/lien-ket.md", "tệp", "liên kết (symlink) trỏ ra ngoài")


def test_a_folder_linked_outside_is_reported_not_skipped(published, tmp_path):
    project, before = published
    (project / "content/people/ngoai").symlink_to(outside_file(tmp_path).parent, target_is_directory=True)
    assert_refused(project, before, "content/people/ngoai", "thư mục", "trỏ ra ngoài thư mục content/")


def test_a_vocabulary_linked_outside_is_refused(published, tmp_path):
    project, before = published
    units = project / "content/data/units.yml"
    copy = tmp_path / "ngoai-units.yml"
    copy.write_text(units.read_text(encoding="utf-8"), encoding="utf-8")
    units.unlink()
    units.symlink_to(copy)
    assert_refused(project, before, "content/data/units.yml", "tệp", "liên kết (symlink) trỏ ra ngoài")


def test_a_theme_file_linked_outside_is_refused(published, tmp_path):
    project, before = published
    (project / "theme/assets/bi-mat.txt").symlink_to(outside_file(tmp_path))
    assert_refused(project, before, "theme/assets/bi-mat.txt", "tệp", "trỏ ra ngoài thư mục theme/")


def test_a_link_planted_in_the_generated_pages_is_removed_not_published(published, tmp_path):
    project, _ = published
    (project / "build/docs/bi-mat.txt").symlink_to(outside_file(tmp_path))
    (project / "build/docs/ca-nhan-ngoai").symlink_to(tmp_path / "ngoai", target_is_directory=True)
    assert run(project, "build").returncode == 0
    assert not (project / "site/bi-mat.txt").exists() and not (project / "site/ca-nhan-ngoai").exists()
    assert SECRET not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                 for p in (project / "site").rglob("*.html"))


@pytest.mark.parametrize("escape, code", [("\\0", "U+0000"), ("\\x85", "U+0085"), ("\\uFFFE", "U+FFFE"),
                                          ("\\uFDD0", "U+FDD0"), ("\\x1b", "U+001B")])
def test_characters_a_feed_cannot_carry_are_found_by_the_validator(published, escape, code):
    """YAML's double-quoted escapes reach characters the file itself could not hold."""
    project, before = published
    text = person("X").replace("name: X", f'name: "Đào{escape}Việt Hưng"')
    (project / "content/people/dao-viet-hung.md").write_text(text, encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1
    problem = [p for p in problems_in(result.stderr)
               if p["path"] == "content/people/dao-viet-hung.md" and p["field"] == "name"]
    assert problem and code in problem[0]["message"] and "không đăng được" in problem[0]["message"], result.stderr
    assert "Lỗi chương trình" not in result.stderr
    assert digests(project / "site") == before


def test_bidi_controls_are_errors_and_zero_width_characters_warnings(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "people/a.md": person("Đào Việt\u202eHưng"),
                                      "people/b.md": person("Lê Thị\u200bLan")})
    result = run(project, "validate")
    bidi = one(result, "content/people/a.md", "name")
    assert bidi["severity"] == "lỗi" and "U+202E" in bidi["message"] and "đổi hướng chữ" in bidi["message"]
    hidden = one(result, "content/people/b.md", "name")
    assert hidden["severity"] == "cảnh báo" and "U+200B" in hidden["message"]
    assert result.returncode == 1


def test_text_fields_and_files_have_limits(tmp_path):
    project = make_project(tmp_path, {
        "movements/lao-dong-gioi.md": MOVEMENT,
        "people/dai.md": person("Đào Việt Hưng", f"position: {'Công nhân ' * 40}\n").replace(
            "summary: Gương tiêu biểu.", f"summary: {'Gương tiêu biểu. ' * 200}"),
        "people/rat-lon.md": person("Lê Thị Lan", body="Đoạn văn. " * 300_000),
    })
    result = run(project, "validate")
    assert "quá dài" in one(result, "content/people/dai.md", "position")["message"]
    assert "tối đa 2.000" in one(result, "content/people/dai.md", "summary")["message"]
    assert "tệp quá lớn" in one(result, "content/people/rat-lon.md", "tệp")["message"]
    assert result.returncode == 1


# ------------------------------------------------------------------ photos: every metadata container, twice used

def jpeg_segments(data: bytes) -> list[int]:
    markers, at = [], 2
    while at < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: image data follows
            break
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        markers.append(marker)
        at += 2 + length
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        chunks.append(data[at + 4:at + 8])
        at += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 12
    while at < len(data):
        kind, length = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        chunks.append(kind)
        at += 8 + length + (length & 1)
    return chunks


def photo_with_every_container(path: Path) -> None:
    image = Image.new("RGB", (800, 600), (20, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "MayChupBiMat"
    exif[0x8825] = {1: "N", 2: (22.0, 23.0, 45.0), 3: "E", 4: (103.0, 27.0, 30.0)}
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">ToaDoBiMat</x:xmpmeta>'
    if path.suffix == ".jpg":
        image.save(path, "JPEG", exif=exif, xmp=xmp, comment=b"GhiChuBiMat")
    elif path.suffix == ".png":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "GhiChuBiMat")
        info.add_itxt("XML:com.adobe.xmp", "ToaDoBiMat", zip=True)
        image.save(path, "PNG", pnginfo=info, exif=exif)
    else:
        image.save(path, "WEBP", exif=exif, xmp=xmp)


def test_no_published_image_carries_metadata_and_a_photo_may_serve_two_entries(tmp_path):
    consent = "consent:\n  photo: true\n  date: 2025-03-01\n"
    project = make_project(tmp_path, {
        "movements/lao-dong-gioi.md": MOVEMENT,
        "people/dao-viet-hung.md": person("Đào Việt Hưng", "movements: [lao-dong-gioi]\nphoto:\n  file: /media/chung.jpg\n"
                                          "  alt: Chân dung\n" + consent),
        "models/vuon-rau.md": model("Vườn rau", "movements: [lao-dong-gioi]\npeople: [dao-viet-hung]\nphotos:\n"
                                    "  - file: /media/chung.jpg\n    alt: Ảnh chung\n  - file: ban-sao.jpg\n"
                                    "    alt: Bản sao\n  - file: b.png\n    alt: Ảnh PNG\n  - file: c.webp\n"
                                    "    alt: Ảnh WebP\n"),
    })
    media, models = project / "content/media", project / "content/models"
    media.mkdir()
    photo_with_every_container(media / "chung.jpg")
    (models / "ban-sao.jpg").write_bytes((media / "chung.jpg").read_bytes())  # the same photo under another name
    photo_with_every_container(models / "b.png")
    photo_with_every_container(models / "c.webp")
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    published = [p for p in (project / "site/anh").rglob("*") if p.suffix in (".jpg", ".png", ".webp")]
    assert {p.suffix for p in published} == {".jpg", ".png", ".webp"}  # renditions and social cards
    for path in published:
        data = path.read_bytes()
        assert not any(secret in data for secret in (b"MayChupBiMat", b"ToaDoBiMat", b"GhiChuBiMat")), path
        if path.suffix == ".jpg":
            assert set(jpeg_segments(data)) <= {0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD}, (path, jpeg_segments(data))
        elif path.suffix == ".png":
            assert set(png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}, (path, png_chunks(data))
        else:
            assert set(webp_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}, (path, webp_chunks(data))


# ------------------------------------------------------------------ spreadsheets

ROLL = """---
title: Danh sách khen thưởng năm 2024
kind: khen-thuong
issuer: ldld-tinh
award: bang-khen-ldld-tinh
decision: {{number: 15/QĐ-LĐLĐ, date: 2025-01-20}}
recipients_file: {name}
date: 2025-01-20
---
"""


def workbook_bytes(rows: list[list], title: str = "DS") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same workbook with some members replaced (a truncated or hostile XML part)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, replace.get(item.filename, source.read(item.filename)))
    return out.getvalue()


HEADER = ["STT", "Họ và tên", "Chức vụ", "Đơn vị"]
GOOD = workbook_bytes([HEADER, ["I. CÁ NHÂN"], [1, "Lò Thị Hoa", "Công nhân", "Công ty Chè Than Uyên"]])

def with_doctype(sheet_xml: bytes, entities: bytes, use: bytes) -> bytes:
    """The sheet with an internal DTD and a cell that uses one of its entities."""
    start = sheet_xml.index(b"<worksheet")
    body = sheet_xml[start:].replace("Lò Thị Hoa".encode(), use, 1)
    return sheet_xml[:start] + b"<!DOCTYPE worksheet [" + entities + b"]>" + body


LAUGHS = b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'


@pytest.mark.parametrize("case, message", [
    ("unpacked", "giải nén ra"),
    ("entities", "không đọc được tệp Excel"),
    ("external", "không đọc được tệp Excel"),
    ("truncated", "không đọc được tệp Excel"),
])
def test_a_hostile_workbook_is_an_error_on_its_roll_and_the_rest_validates(tmp_path, case, message):
    sheet = "xl/worksheets/sheet1.xml"
    members = zipfile.ZipFile(io.BytesIO(GOOD))
    if case == "unpacked":  # 25 MB of XML that compresses to a few hundred KB
        xml = members.read(sheet)
        filler = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"
        data = rezip(GOOD, {sheet: xml.replace(b"</sheetData>", filler * 1700 + b"</sheetData>")})
        assert len(data) < 1_000_000
    elif case == "entities":
        data = rezip(GOOD, {sheet: with_doctype(members.read(sheet), LAUGHS, b"&c;")})
    elif case == "external":
        secret = tmp_path / "bi-mat.txt"
        secret.write_text(SECRET, encoding="utf-8")
        entity = b'<!ENTITY x SYSTEM "' + secret.as_uri().encode() + b'">'
        data = rezip(GOOD, {sheet: with_doctype(members.read(sheet), entity, b"&x;")})
    else:
        data = rezip(GOOD, {sheet: members.read(sheet)[:200]})
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "honours/khen-2024.md": ROLL.format(name="ds.xlsx"),
                                      "people/loi-khac.md": person("Lê Văn An", "movements: [khong-co]\n")})
    (project / "content/honours/ds.xlsx").write_bytes(data)
    result = run(project, "validate")
    assert result.returncode == 1 and "Lỗi chương trình" not in result.stderr + result.stdout
    found = one(result, "content/honours/ds.xlsx", "tệp")
    assert message in found["message"], result.stdout
    assert one(result, "content/people/loi-khac.md", "movements[0]")  # the rest of the site was checked too
    assert SECRET not in result.stdout + result.stderr


def test_formulas_without_values_and_numbers_as_names_are_warned_with_their_cell(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DS"
    for row in [HEADER, ["I. CÁ NHÂN"], [1, "Lò Thị Hoa", "Công nhân", "Công ty Chè Than Uyên"],
                [2, "=B3", "Công nhân", "Công ty Chè Than Uyên"], [3, 45123, "Công nhân", "Công ty Chè Than Uyên"]]:
        sheet.append(row)
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "honours/khen-2024.md": ROLL.format(name="ds.xlsx")})
    book.save(project / "content/honours/ds.xlsx")  # openpyxl stores no calculated value for =B3
    result = run(project, "validate")
    formula = one(result, "content/honours/ds.xlsx", 'trang "DS", ô B4')
    assert formula["severity"] == "cảnh báo" and "công thức chưa được tính" in formula["message"]
    assert formula["line"] == "4"
    number = one(result, "content/honours/ds.xlsx", 'trang "DS", ô B5')
    assert number["severity"] == "cảnh báo" and 'là số ("45123")' in number["message"]


# ------------------------------------------------------------------ the output folder

def test_a_spare_folder_is_emptied_without_following_links(published, tmp_path):
    """The next build's staging folder is the site replaced last time (site.spare): its files are removed
    and its folders reused. A link in it, or in its place, is removed and never followed, and nothing it
    held reaches the new site."""
    project, _ = published
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "x.txt").write_text("giữ", encoding="utf-8")
    spare = project / "site.spare"
    (spare / "ca-nhan" / "la").mkdir(parents=True)
    (spare / "ca-nhan" / "la" / "index.html").write_text("trang lạ", encoding="utf-8")
    (spare / "ngoai").symlink_to(keep, target_is_directory=True)
    shutil.rmtree(project / "site")  # else nothing changed, and no build runs
    assert run(project, "build").returncode == 0
    assert (keep / "x.txt").is_file() and (project / "site" / "index.html").is_file()
    assert not (project / "site" / "ngoai").exists() and not (project / "site" / "ca-nhan" / "la").exists()
    shutil.rmtree(project / "site")
    if spare.exists() and not spare.is_symlink():
        shutil.rmtree(spare)
    spare.symlink_to(keep, target_is_directory=True)
    assert run(project, "build").returncode == 0
    assert (keep / "x.txt").is_file() and not (project / "site" / "x.txt").exists() and not spare.is_symlink()


def test_the_replaced_site_is_deleted_after_the_build_and_a_link_in_its_place_is_not_followed(published, tmp_path):
    """An old site goes to a detached deleter when it is not kept as the spare folder; a symlink named like
    it is removed, never followed."""
    import time

    project, _ = published
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "x.txt").write_text("giữ", encoding="utf-8")
    (project / "site.old-77").symlink_to(keep, target_is_directory=True)
    assert run(project, "build").returncode == 0
    assert (keep / "x.txt").is_file() and not (project / "site.old-77").is_symlink()
    for _ in range(300):  # the deleter runs on its own: wait for it, however long the machine takes
        if not list(project.glob("site.old-*")):
            break
        time.sleep(0.1)
    assert not list(project.glob("site.old-*")) and (project / "site/index.html").is_file()


def test_a_site_folder_that_cannot_be_made_is_a_vietnamese_message(published):
    project, before = published
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", "site_dir: chan/site"),
                      encoding="utf-8")
    (project / "chan").write_text("một tệp, không phải thư mục", encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1
    assert "một tệp nằm ở chỗ của thư mục" in result.stderr and "Trang đang đăng được giữ nguyên" in result.stderr
    assert "Lỗi chương trình" not in result.stderr and "Traceback" not in result.stderr
    assert digests(project / "site") == before


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EACCES, "không có quyền ghi"),
                                         (errno.EROFS, "chỉ cho đọc")])
def test_operating_system_faults_are_explained(code, words):
    message = str(explain(OSError(code, os.strerror(code), "site.staging/index.html")))
    assert words in message and "site.staging/index.html" in message and "giữ nguyên" in message


def test_damaged_build_caches_are_ignored_and_the_site_is_the_same(published):
    """A cache file cut short or edited by hand (disk full, a stray tool) costs time, never a wrong page."""
    project, _ = published
    assert run(project, "build").returncode == 0
    def published_files() -> dict:
        return {p.relative_to(project / "site"): p.read_bytes() for pattern in ("*.html", "chi-muc/**/*.json*")
                for p in (project / "site").rglob(pattern)}

    before = published_files()
    assert any(path.suffix == ".json" for path in before)
    for name, text in (("page-keys.json", '{"format": 1, "pages": {"index.md": 5, "ca-nhan/index.md": ["x"]}}'),
                       ("render-state.json", "[1, 2"), ):
        (project / ".cache" / name).write_text(text, encoding="utf-8")
    index_cache = project / ".cache" / "search-index" / "state.pickle"
    index_cache.write_bytes(index_cache.read_bytes()[:5000])
    result = run(project, "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert published_files() == before

    import pickle  # an index cache of the right version whose tables are not what the code wrote
    from dienhinh.outputs.search import _index_version
    state = pickle.loads(index_cache.read_bytes())
    state["postings"] = {term: "x" for term in state["postings"]}
    index_cache.write_bytes(pickle.dumps(state))
    assert state["version"] == _index_version()
    result = run(project, "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert published_files() == before

    facets = project / "site" / "tim-kiem" / "chi-muc" / "loc.json.gz"  # edited in place: the store shares the file
    with open(facets, "r+b") as handle:
        handle.write(b"[]")
    result = run(project, "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert published_files() == before


@pytest.mark.parametrize("text, words", [
    ("{% if %}", "viết sai cú pháp Jinja"),
    ('{% include "partials/khong-co.html" %}', "gọi tới tệp mẫu partials/khong-co.html"),
    ("{{ khong_co.thuoc_tinh }}", "không dựng được (Jinja: 'khong_co' is undefined)")],
    ids=["syntax", "missing", "undefined"])
def test_a_broken_theme_template_is_a_problem_with_its_file_and_line(published, text, words):
    """Staff or a designer editing theme/ get the template, the line and what to look at, in Vietnamese, and
    the published site stays as it was."""
    project, before = published
    header = project / "theme" / "partials" / "header.html"
    lines = header.read_text(encoding="utf-8").splitlines()
    header.write_text("\n".join([*lines, text]) + "\n", encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1, result.stdout + result.stderr
    found = [p for p in problems_in(result.stderr) if p["path"] == "theme/partials/header.html"]
    assert found and found[0]["line"] == str(len(lines) + 1) and found[0]["field"] == "mẫu giao diện", result.stderr
    assert words in found[0]["message"], result.stderr
    assert "Lỗi chương trình" not in result.stderr and "Traceback" not in result.stderr
    assert "Error" not in result.stderr and "search paths" not in result.stderr
    assert digests(project / "site") == before
