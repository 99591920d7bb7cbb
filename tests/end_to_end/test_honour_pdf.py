"""Honour-roll PDFs made by the build, read back with poppler (pdftotext, pdfinfo, pdffonts)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import make_project, person, require_poppler, run
from lxml import html as lxml_html


@pytest.fixture(autouse=True)
def poppler():
    require_poppler()

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Đỗ", "Bùi", "Lò", "Dương", "Giàng"]
MIDDLE = ["Văn", "Thị", "Ngọc", "Thu", "Đức", "A"]
GIVEN = ["An", "Ánh", "Ân", "Bình", "Dũng", "Đông", "Hằng", "Hưng", "Mai", "Mài", "Mãi", "Mại", "Ơn", "Ước",
         "Thùy", "Yến", "Quyết", "Sang", "Như", "Huệ"]


def fictional_names(count: int, offset: int = 0) -> list[str]:
    """Distinct fictional Vietnamese names, deterministic (no real award recipients)."""
    names = []
    for index in range(offset, offset + count):
        names.append(f"{FAMILY[index % len(FAMILY)]} {MIDDLE[(index // len(FAMILY)) % len(MIDDLE)]} "
                     f"{GIVEN[(index // (len(FAMILY) * len(MIDDLE))) % len(GIVEN)]}")
    assert len(set(names)) == count
    return names


COLLECTIVES = [f"Tổ sản xuất số {i} Công ty Chè Núi Xanh" for i in range(1, 21)]
INDIVIDUALS = fictional_names(280)


def achievement(index: int) -> str:
    """Achievements of different lengths (one to five lines), ending in a marker, to catch split rows."""
    return ("Hoàn thành xuất sắc nhiệm vụ năm 2024, là gương điển hình trong phong trào thi đua "
            * (index % 5) + f"hồ sơ HS{index:04d}")


def roll_file(title: str, number: str, award: str, collectives: list[str], individuals: list[str],
              extra: str = "", with_achievements: bool = False) -> str:
    lines = ["---", f"title: {title}", "issuer: ldld-tinh", "decision:", f"  number: {number}", "  date: 2025-01-20",
             "  by: Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu", f"award: {award}",
             "signer:", "  authority: TM. BAN THƯỜNG VỤ", "  title: PHÓ CHỦ TỊCH", "  name: Nguyễn Văn Bình",
             "date: 2025-02-01", *extra.splitlines(), "recipients:"]
    for name in collectives:
        lines += ["  - kind: tap-the", f"    name: {name}"]
    for index, name in enumerate(individuals, start=1):
        lines += ["  - kind: ca-nhan", f"    name: {name}", "    position: Công nhân",
                  "    unit: Công ty Chè Núi Xanh"]
        if with_achievements:
            lines.append(f"    achievement: {achievement(index)}")
    return "\n".join(lines + ["---", ""])


TITLE = "Tập thể, cá nhân được tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh năm 2024"
ACHIEVERS = fictional_names(60, offset=300)
BY_NAME = ["Đỗ Văn Hùng", "Nguyễn Văn Đông", "Trần Văn Dũng", "Dương Văn Hùng", "Lê Thị Mại", "Lê Thị Mái",
           "Lê Thị Mãi", "Lê Thị Mải", "Lê Thị Mài", "Lê Thị Mai", "Hà Văn An"]


# A roll issued as a document of its own: a number, collectives that are parts of units, a common award worded as
# the decision words it and one other form, Nơi nhận beside the signature.
ISSUED_ROLL = """---
title: Tập thể, cá nhân xuất sắc trong hoạt động nữ công năm 2024
issuer: ldld-tinh
number: 12/DS-LĐLĐ
decision:
  number: 16/QĐ-LĐLĐ
  date: 2025-01-22
award: bang-khen-ldld-tinh
award_wording: Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu
signer:
  authority: TM. BAN THƯỜNG VỤ
  title: CHỦ TỊCH
  name: Trần Thị Hoa
distribution:
  - Như Điều 2;
  - Lưu: VT, Ban Nữ công.
date: 2025-02-01
recipients:
  - kind: tap-the
    name: Tổ Nữ công Khoa Sản
    unit: Bệnh viện Đa khoa tỉnh Lai Châu
  - kind: tap-the
    name: Tổ Nữ công Phòng Kế toán
    unit: Công ty Chè Núi Xanh
    award: co-thi-dua-ldld-tinh
  - kind: ca-nhan
    name: Bà Lê Thị Ánh
    position: Điều dưỡng
    unit: Bệnh viện Đa khoa tỉnh Lai Châu
---
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    files = {
        "honours/bang-khen-2024.md": roll_file(TITLE, "15/QĐ-LĐLĐ", "bang-khen-ldld-tinh", COLLECTIVES, INDIVIDUALS),
        "honours/giay-khen-2025.md": roll_file("Cá nhân được tặng Giấy khen", "07/QĐ-LĐLĐ", "giay-khen", [],
                                               BY_NAME, extra="order: ten\nplace: Phong Thổ"),
        "honours/thanh-tich.md": roll_file("Cá nhân có thành tích xuất sắc", "08/QĐ-LĐLĐ", "giay-khen", [],
                                           ACHIEVERS, with_achievements=True),
        "people/nguyen-van-an.md": person("Nguyễn Văn An"),
        "honours/nu-cong-2024.md": ISSUED_ROLL,
    }
    project = make_project(tmp_path_factory.mktemp("pdf"), files)
    result = run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


def pdf_pages(pdf: Path, layout: bool = False) -> list[str]:
    """Text of each page: in reading order, or laid out as printed (one table row per line)."""
    count = int(re.search(r"^Pages:\s+(\d+)", pdfinfo(pdf), re.M).group(1))
    mode = ["-layout"] if layout else []
    return [subprocess.run(["pdftotext", *mode, "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_is_a4_with_the_roll_as_title(built):
    project, _ = built
    info = pdfinfo(project / "site/vinh-danh/bang-khen-2024/bang-khen-2024.pdf")
    assert "(A4)" in info and "595.276 x 841.89 pts" in info
    assert "Title:           Danh sách tập thể, cá nhân được tặng Bằng khen" in info


def test_every_name_is_extractable_nfc_text_in_decision_order(built):
    project, _ = built
    pages = pdf_pages(project / "site/vinh-danh/bang-khen-2024/bang-khen-2024.pdf")
    text = "\n".join(pages)
    assert unicodedata.is_normalized("NFC", text)
    flat = squash(text)
    positions = [flat.find(name) for name in [*COLLECTIVES, *INDIVIDUALS]]
    assert -1 not in positions, [n for n, p in zip([*COLLECTIVES, *INDIVIDUALS], positions) if p == -1][:5]
    assert positions == sorted(positions)  # collectives first, then individuals, each in the decision's order


def test_layout_header_sections_count_and_signature(built):
    project, _ = built
    pages = pdf_pages(project / "site/vinh-danh/bang-khen-2024/bang-khen-2024.pdf")
    first = squash(pages[0])
    for text in ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "DANH SÁCH",
                 "(Kèm theo Quyết định số 15/QĐ-LĐLĐ ngày 20 tháng 01 năm 2025 của Ban Thường vụ Liên đoàn Lao động "
                 "tỉnh Lai Châu)", "I. TẬP THỂ", "Lai Châu, ngày 20 tháng 01 năm 2025"):
        assert text in first, text
    other = squash(pdf_pages(project / "site/vinh-danh/giay-khen-2025/giay-khen-2025.pdf")[0])
    assert "Phong Thổ, ngày 20 tháng 01 năm 2025" in other
    whole = squash(" ".join(pages))
    assert whole.index("I. TẬP THỂ") < whole.index(COLLECTIVES[0]) < whole.index("II. CÁ NHÂN") \
        < whole.index(INDIVIDUALS[0])
    last = squash(pages[-1])
    assert "Danh sách có 20 tập thể và 280 cá nhân./." in last
    assert last.index("TM. BAN THƯỜNG VỤ") < last.index("PHÓ CHỦ TỊCH") < last.index("Nguyễn Văn Bình")


def test_table_header_on_every_page_and_page_numbers_from_page_2(built):
    project, _ = built
    pages = pdf_pages(project / "site/vinh-danh/bang-khen-2024/bang-khen-2024.pdf")
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert "STT" in page and ("Họ và tên" in page or "Tên tập thể" in page), f"page {number}"
        if number == 1:
            assert lines[0] != "1"
        else:
            assert lines[0] == str(number), f"page {number} starts with {lines[0]!r}"


def test_no_row_is_split_across_pages(built):
    project, _ = built
    pages = [squash(p) for p in pdf_pages(project / "site/vinh-danh/thanh-tich/thanh-tich.pdf")]
    assert len(pages) > 3
    for index, name in enumerate(ACHIEVERS, start=1):
        holding = [n for n, page in enumerate(pages) if name in page]
        assert len(holding) == 1, name
        assert f"HS{index:04d}" in pages[holding[0]], f"{name}: the end of its achievement is on another page"


def test_page_count_of_a_300_recipient_roll(built):
    project, _ = built
    pages = pdf_pages(project / "site/vinh-danh/bang-khen-2024/bang-khen-2024.pdf", layout=True)
    rows = [len(re.findall(r"^[ \t]*\d+[ \t]{2,}\S", page, re.M)) for page in pages]
    # Every row is one line: 13 pt x 1.25 + 2.4 mm padding + rule = about 8.4 mm. A4 less 20 + 20 mm
    # margins leaves 257 mm: the header block (about 70 mm) and the 20 collectives fill page 1; each
    # following page holds its repeated header row and 29 rows (28 under the "II. CÁ NHÂN" heading),
    # so the 280 individuals take 10 pages, the last with room for the count line and signature.
    assert rows[0] == 20
    assert len(pages) == 11, rows
    assert sum(rows) == 300
    assert len(set(rows[2:-1])) == 1 and 27 <= rows[2] <= 31, rows


def test_name_order_in_the_pdf(built):
    project, _ = built
    text = squash(" ".join(pdf_pages(project / "site/vinh-danh/giay-khen-2025/giay-khen-2025.pdf")))
    expected = ["Hà Văn An", "Trần Văn Dũng", "Nguyễn Văn Đông", "Dương Văn Hùng", "Đỗ Văn Hùng", "Lê Thị Mai",
                "Lê Thị Mài", "Lê Thị Mải", "Lê Thị Mãi", "Lê Thị Mái", "Lê Thị Mại"]
    positions = [text.find(name) for name in expected]
    assert -1 not in positions and positions == sorted(positions)
    assert "ngày 20 tháng 01 năm 2025" in text


def test_pdf_embeds_only_the_bundled_font(built):
    project, _ = built
    fonts = subprocess.run(["pdffonts", str(project / "site/vinh-danh/bang-khen-2024/bang-khen-2024.pdf")],
                           capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all("Dienhinh-Serif" in line and " yes yes yes " in line for line in fonts), fonts


def test_unchanged_roll_reuses_the_cached_pdf(built):
    project, _ = built
    pdf = project / "site/vinh-danh/bang-khen-2024/bang-khen-2024.pdf"
    before = pdf.read_bytes()
    result = run(project, "build")
    assert result.returncode == 0
    assert "0 tạo mới, 4 dùng lại" in result.stderr
    assert pdf.read_bytes() == before


def test_roll_page_links_profiles_pdf_print_and_board(built):
    project, _ = built
    doc = lxml_html.fromstring((project / "site/vinh-danh/giay-khen-2025/index.html").read_text(encoding="utf-8"))
    hrefs = doc.xpath("//ul[contains(@class,'dh-roll__actions')]//a/@href")
    assert hrefs == ["ban-in/", "giay-khen-2025.pdf", "bang-vinh-danh/"]
    for href in hrefs:
        assert (project / "site/vinh-danh/giay-khen-2025" / href).exists(), href


def test_photo_board_has_a_card_with_initials_for_every_recipient(built):
    project, _ = built
    doc = lxml_html.fromstring((project / "site/vinh-danh/giay-khen-2025/bang-vinh-danh/index.html")
                               .read_text(encoding="utf-8"))
    cards = doc.xpath("//li[contains(@class,'board__card')]")
    assert len(cards) == len(BY_NAME)
    first = {c.xpath("string(.//p[@class='board__name'])"): c.xpath("string(.//span[@class='board__avatar'])")
             for c in cards}
    assert first["Nguyễn Văn Đông"] == "NĐ" and first["Lê Thị Mại"] == "LM"
    css = (project / "site/assets/stylesheets/honour-board.css").read_text(encoding="utf-8")
    assert "size: A4 landscape" in css


def test_an_issued_roll_prints_units_of_collectives_full_award_wording_number_and_closing(built):
    project, _ = built
    pages = [squash(page) for page in pdf_pages(project / "site/vinh-danh/nu-cong-2024/nu-cong-2024.pdf")]
    first, last = pages[0], pages[-1]
    assert "Số: 12/DS-LĐLĐ" in first
    assert "Tổ Nữ công Khoa Sản Bệnh viện Đa khoa tỉnh Lai Châu" in first
    assert "Tổ Nữ công Phòng Kế toán Công ty Chè Núi Xanh" in first
    assert "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu" in first
    assert "Cờ thi đua của Ban Chấp hành Liên đoàn Lao động tỉnh" in first
    assert "Bằng khen của Liên đoàn Lao động tỉnh" not in " ".join(pages)  # the catalogue's short wording
    for text in ("Nơi nhận:", "- Như Điều 2;", "- Lưu: VT, Ban Nữ công.", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH",
                 "Trần Thị Hoa"):
        assert text in last, text
    layout = pdf_pages(project / "site/vinh-danh/nu-cong-2024/nu-cong-2024.pdf", layout=True)[-1]
    side_by_side = next(line for line in layout.splitlines() if "Nơi nhận:" in line)
    assert "TM. BAN THƯỜNG VỤ" in side_by_side  # Nơi nhận on the left, the signature on the right, one row


def test_the_a4_print_page_shows_the_unit_under_a_collective(built):
    project, _ = built
    page = lxml_html.parse(str(project / "site/vinh-danh/nu-cong-2024/ban-in/index.html"))
    names = [" ".join(" ".join(cell.itertext()).split()) for cell in page.xpath("//table[contains(@class, 'nd30-list')]"
                                                                          "//td[contains(@class, 'dh-roll__name')]")]
    assert names[:2] == ["Tổ Nữ công Khoa Sản Bệnh viện Đa khoa tỉnh Lai Châu",
                         "Tổ Nữ công Phòng Kế toán Công ty Chè Núi Xanh"]
