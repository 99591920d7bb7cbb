"""Honour-roll PDFs made by the build, read back with poppler (pdftotext, pdfinfo, pdffonts)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
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


# ------------------------------------------------------------------ tagged PDF: the tree a screen reader reads


@dataclass
class Element:
    """One structure element as `pdfinfo -struct-text` prints it: its type, ID, attributes and content in order."""
    kind: str
    id: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    content: list = field(default_factory=list)  # text (str) and child elements, in reading order

    def text(self) -> str:
        return " ".join(part if isinstance(part, str) else part.text() for part in self.content if part)

    def find(self, kind: str) -> list[Element]:
        found = []
        for part in self.content:
            if isinstance(part, Element):
                found += [part] if part.kind == kind else []
                found += part.find(kind)
        return found


def structure(pdf: Path) -> Element:
    """The PDF's structure tree, read back with poppler (pdfinfo -struct-text), by indentation."""
    printed = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    root = Element("StructTreeRoot")
    open_elements: list[tuple[int, Element]] = [(-1, root)]
    for line in printed.splitlines():
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        indent = len(line) - len(stripped)
        while open_elements[-1][0] >= indent:
            open_elements.pop()
        parent = open_elements[-1][1]
        if stripped.startswith('"'):
            parent.content.append(stripped[1:-1])
        elif stripped.startswith("/"):
            name, _, value = stripped[1:].partition(" ")
            parent.attributes[name] = value
        else:
            match = re.match(r"(\w+)(?: <([^>]*)>)?", stripped)
            element = Element(match.group(1), match.group(2) or "")
            parent.content.append(element)
            open_elements.append((indent, element))
    return root


def catalog(pdf: Path) -> str:
    """The document catalog's dictionary, also when it sits in a compressed object stream (PDF 1.5 and later)."""
    data = pdf.read_bytes()
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            pass
    for chunk in chunks:
        match = re.search(rb"/Type\s*/Catalog\b", chunk)
        if not match:
            continue
        start = chunk.rindex(b"<<", 0, match.start())
        depth, at = 0, start
        for token in re.finditer(rb"<<|>>", chunk[start:]):  # the dictionary with its nested ones, balanced
            depth += 1 if token.group(0) == b"<<" else -1
            if depth == 0:
                at = start + token.end()
                break
        return chunk[start:at].decode("latin-1")
    raise AssertionError(f"{pdf}: no document catalog found")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_pdf_is_tagged_in_vietnamese_with_its_title_shown(built):
    project, _ = built
    for name in ("bang-khen-2024", "nu-cong-2024"):
        pdf = project / f"site/vinh-danh/{name}/{name}.pdf"
        info = pdfinfo(pdf)
        assert re.search(r"^Tagged:\s+yes$", info, re.M), info  # MarkInfo << /Marked true >>
        root = catalog(pdf)
        assert re.search(r"/StructTreeRoot \d+ 0 R", root), root
        assert re.search(r"/MarkInfo\s*<<\s*/Marked true\s*>>", root), root
        assert re.search(r"/Lang\s*\(vi\)", root), root
        assert re.search(r"/DisplayDocTitle true", root), root  # viewers and screen readers show the title
        page_title = lxml_html.parse(str(project / f"site/vinh-danh/{name}/ban-in/index.html")).findtext(".//title")
        assert re.search(r"^Title:\s+(.*)$", info, re.M).group(1) == page_title


@pytest.mark.parametrize("roll", ["tieu-bieu-giai-doan-2015-2020",
                                  "tap-the-tieu-bieu-dien-hinh-trong-cac-phong-trao-thi-dua-2015-2020"])
def test_sample_roll_pdf_has_headings_and_data_tables_of_the_recipients(sample_build, roll):
    source = front_matter(sample_build / f"content/honours/{roll}.md")
    tree = structure(sample_build / f"site/vinh-danh/{roll}/{roll}.pdf")
    (document,) = tree.content
    assert document.kind == "Document"

    # The national header comes first, as text (not a layout table), then one H1: document type and summary.
    text = document.text()
    assert text.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < text.index("Độc lập - Tự do - Hạnh phúc") \
        < text.index("DANH SÁCH")
    (heading,) = document.find("H1")
    for kind in ("H1", "H2", "P", "Table"):  # one element per heading, paragraph, table: none inside its like
        assert all(not element.find(kind) for element in document.find(kind)), f"{kind} inside {kind}"
    assert squash(heading.text()) == f"DANH SÁCH {source['title']}"
    kinds = [kind for kind in ("tap-the", "ca-nhan") if any(r["kind"] == kind for r in source["recipients"])]
    sections = [f"{numeral}. {label}" for numeral, label in
                zip(("I", "II"), [{"tap-the": "TẬP THỂ", "ca-nhan": "CÁ NHÂN"}[kind] for kind in kinds])]
    assert [squash(h.text()) for h in document.find("H2")] == sections

    # Every table is a data table: header cells first, and each data cell names its column's header cell.
    tables = document.find("Table")
    assert tables
    headers = {}
    for table in tables:
        cells = table.find("TH")
        assert cells and squash(cells[0].text()) == "STT", "a table without header cells (layout table?)"
        headers.update({f"({cell.id})": squash(cell.text()) for cell in cells})
    name_cells = []  # (text, column header) in reading order
    for table in tables:
        for cell in table.find("TD"):
            columns = re.findall(r"\([^)]*\)", cell.attributes.get("Headers", ""))
            assert columns and all(column in headers for column in columns), cell.attributes
            if headers[columns[0]] in ("Tên tập thể", "Họ và tên"):
                name_cells.append((squash(cell.text()), headers[columns[0]]))
    assert len(name_cells) == len(source["recipients"])
    in_order = sorted(source["recipients"], key=lambda r: r["kind"] != "tap-the")  # collectives, then individuals
    for (cell, header), recipient in zip(name_cells, in_order):  # one row each, in the roll's order
        column = "Tên tập thể" if recipient["kind"] == "tap-the" else "Họ và tên"
        assert recipient["name"] in cell and header == column, (recipient["name"], cell, header)


def test_distribution_is_a_list_and_the_signature_follows_it(built):
    project, _ = built
    document = structure(project / "site/vinh-danh/nu-cong-2024/nu-cong-2024.pdf")
    (distribution,) = document.find("L")
    items = [squash(item.text()) for item in distribution.find("LI")]
    assert [item.lstrip("- ") for item in items] == ["Như Điều 2;", "Lưu: VT, Ban Nữ công."]
    text = squash(document.text())
    assert text.index("Nơi nhận:") < text.index("TM. BAN THƯỜNG VỤ") < text.index("Trần Thị Hoa")


def test_making_pdfs_leaves_no_font_copies_in_the_temporary_folder(tmp_path):
    """WeasyPrint copies the fonts of each document into a folder under TMPDIR; a build on a CI runner or a staff
    machine makes PDFs again and again, and each left 1.5 MB there."""
    project = make_project(tmp_path / "project", {
        "honours/giay-khen-2025.md": roll_file("Cá nhân được tặng Giấy khen", "07/QĐ-LĐLĐ", "giay-khen", [], BY_NAME),
        "honours/thanh-tich.md": roll_file("Cá nhân có thành tích xuất sắc", "08/QĐ-LĐLĐ", "giay-khen", [],
                                           ACHIEVERS, with_achievements=True)})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = run(project, "build", workers=2, env={"TMPDIR": str(temporary)})
    assert result.returncode == 0, result.stderr
    assert "2 tạo mới" in result.stderr
    assert sorted(path.name for path in temporary.iterdir()) == []
