"""Spreadsheets as staff keep them → honour rolls: `dienhinh import-honours` and `recipients_file`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html
from conftest import make_project, person, run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LINE = re.compile(r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?: (?P<severity>lỗi|cảnh báo): (?P<field>.+?) — (?P<message>.+)$")


def problems(result) -> list[dict]:
    return [m.groupdict() for m in map(LINE.match, result.stdout.splitlines()) if m]


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def staff_workbook(path: Path, profile: str = "") -> Path:
    """An .xlsx written by openpyxl the way a staff list looks: merged title rows, blank rows, a section row
    per kind, STT typed as text, a unit merged down two rows, Ông/Bà before names, a total line at the end."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "DS khen thưởng"
    rows = [
        ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH"],
        ["Tập thể, cá nhân được tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh năm 2024"],
        ["(Kèm theo Quyết định số 15/QĐ-LĐLĐ ngày 20/01/2025 của Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu)"],
        [],
        ["STT", "Họ và tên", "Chức vụ, đơn vị", "Hình thức khen thưởng", "Ghi chú", "Trang cá nhân"],
        ["I. TẬP THỂ (02 tập thể)"],
        ["01", "Công đoàn cơ sở Trường Mầm non Hoa Ban", None, None],
        [2, "Tổ Sao chè số 1, Công ty Chè Núi Xanh", None, "Cờ thi đua của Liên đoàn Lao động tỉnh"],
        [None],
        ["II. CÁ NHÂN (03 cá nhân)"],
        ["01", "Ông Trần Văn Bảo", "Tổ trưởng, Công ty Chè Núi Xanh", None, None, profile or None],
        ["02", "Bà Lò Thị Mai", "Công nhân", None, "Người dân tộc Thái"],
        [3.0, "Giàng A Páo", "Công nhân", None, None],
        [],
        ["Tổng cộng: 02 tập thể, 03 cá nhân"],
    ]
    for row in rows:
        sheet.append(row)
    for merged in ("A4:E4", "A5:E5", "A6:E6", "A9:E9", "A13:E13", "A18:E18"):
        sheet.merge_cells(merged)
    sheet.merge_cells("C15:C16")  # "Công nhân" merged down for two people
    book.save(path)
    return path


def test_import_of_an_openpyxl_workbook_with_merged_cells_and_blank_rows(tmp_path):
    project = make_project(tmp_path)
    source = staff_workbook(tmp_path / "Danh sach BK 2024.xlsx")
    result = run(project, "import-honours", str(source))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 tập thể, 3 cá nhân" in result.stderr and "dòng 10–16" in result.stderr
    written = project / "content/honours/danh-sach-bk-2024.md"
    data = front_matter(written)
    assert data["title"] == "Tập thể, cá nhân được tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh năm 2024"
    assert data["issuer"] == "ldld-tinh" and data["kind"] == "khen-thuong"
    assert data["decision"] == {"number": "15/QĐ-LĐLĐ", "date": __import__("datetime").date(2025, 1, 20),
                                "by": "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu"}
    assert data["award"] == "bang-khen-ldld-tinh"  # named in the title, used for rows without their own
    assert [(r["kind"], r["name"]) for r in data["recipients"]] == [
        ("tap-the", "Công đoàn cơ sở Trường Mầm non Hoa Ban"), ("tap-the", "Tổ Sao chè số 1, Công ty Chè Núi Xanh"),
        ("ca-nhan", "Trần Văn Bảo"), ("ca-nhan", "Lò Thị Mai"), ("ca-nhan", "Giàng A Páo")]
    people = data["recipients"][2:]
    assert people[0] == {"kind": "ca-nhan", "name": "Trần Văn Bảo", "gender": "nam", "position": "Tổ trưởng",
                         "unit": "Công ty Chè Núi Xanh"}
    assert people[1]["gender"] == "nu" and people[1]["note"] == "Người dân tộc Thái"
    assert people[2]["position"] == "Công nhân" and "gender" not in people[2]  # merged cell filled down
    assert data["recipients"][1]["award"] == "co-thi-dua-ldld-tinh"
    build = run(project, "build")
    assert build.returncode == 0, build.stderr
    page = (project / "site/vinh-danh/danh-sach-bk-2024/ban-in/index.html").read_text(encoding="utf-8")
    assert "Ông Trần Văn Bảo" in page and "Bà Lò Thị Mai" in page


def test_import_of_a_workbook_saved_by_libreoffice(tmp_path):
    project = make_project(tmp_path)
    result = run(project, "import-honours", str(FIXTURES / "danh-sach-libreoffice.xlsx"), "-o",
                 "content/honours/giay-khen-2025.md")
    assert result.returncode == 0, result.stdout + result.stderr
    data = front_matter(project / "content/honours/giay-khen-2025.md")
    assert data["decision"]["number"] == "42/QĐ-LĐLĐ" and data["award"] == "giay-khen"
    assert [r["name"] for r in data["recipients"]] == ["Tổ Sao chè số 3", "Phòng Kế toán", "Đinh Văn Khải",
                                                      "Lường Thị Ánh", "Dương Văn Ước"]
    # "Công ty Chè Mây Trắng" is merged down three rows in LibreOffice: every person gets it.
    assert {r["unit"] for r in data["recipients"][2:]} == {"Công ty Chè Mây Trắng"}
    assert data["recipients"][0]["achievement"] == "Hoàn thành xuất sắc kế hoạch sản xuất năm 2024"


def bad_workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    rows = [
        ["DANH SÁCH"],
        ["Cá nhân được tặng Bằng khen năm 2024 (Kèm theo Quyết định số 16/QĐ-LĐLĐ ngày 21/01/2025)"],
        [],
        ["STT", "Đối tượng", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức khen thưởng"],
        [1, "Cá nhân", "Nguyễn Văn An", "Công nhân", "Công ty Chè Núi Xanh", "Bằng khen của Liên đoàn tỉnh"],
        [2, "Cá nhân", None, "Công nhân", "Công ty Chè Núi Xanh", "Giấy khen"],
        [3, "Tổ chức", "Tổ Sao chè số 2", None, "Công ty Chè Núi Xanh", "Giấy khen"],
        [4, "Cá nhân", "Lê Thị Hoa", "Công nhân", "Công ty Chè Núi Xanh", "Cờ thi đua của Liên đoàn Lao động tỉnh"],
        [5, "Cá nhân", "NguyÔn V¨n B×nh", "Công nhân", "Công ty Chè Núi Xanh", "Giấy khen"],
        [6, "Cá nhân", "Phạm Thị Lan", "Công nhân", "Công ty Chè Núi Xanh", "Giấy khen"],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:F1")
    book.save(path)
    return path


EXPECTED_ROW_ERRORS = [
    # row, column, words in the message
    (5, 'trang "Danh sách", cột F (Hình thức khen thưởng)', ['không có hình thức khen thưởng mã',
                                                            '"bang-khen-ldld-tinh"']),
    (6, 'trang "Danh sách", cột C (Họ và tên)', ["thiếu tên"]),
    (7, 'trang "Danh sách", cột B (Đối tượng)', ['đối tượng "Tổ chức" không rõ', '"Tập thể" hoặc "Cá nhân"']),
    (8, 'trang "Danh sách", cột F (Hình thức khen thưởng)', ['"Cờ thi đua của Liên đoàn Lao động tỉnh" '
                                                            'không dùng để khen cá nhân']),
    (9, 'trang "Danh sách", cột C (Họ và tên)', ["TCVN3", '"V¨n" (đúng ra là "Văn")']),
]


def test_a_bad_workbook_reports_every_bad_row_and_writes_nothing(tmp_path):
    project = make_project(tmp_path)
    source = bad_workbook(tmp_path / "sai.xlsx")
    result = run(project, "import-honours", str(source))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Không ghi tệp nào" in result.stderr
    errors = [p for p in problems(result) if p["severity"] == "lỗi"]
    assert all(p["path"] == str(source) for p in errors), errors
    found = {(int(p["line"]), p["field"]): p["message"] for p in errors}
    for row, column, words in EXPECTED_ROW_ERRORS:
        assert (row, column) in found, (row, column, result.stdout)
        for word in words:
            assert word in found[(row, column)], (row, word, found[(row, column)])
    assert len(errors) == len(EXPECTED_ROW_ERRORS), result.stdout
    assert not (project / "content/honours").exists() or not list((project / "content/honours").rglob("*"))


def test_recipients_file_next_to_the_roll_is_validated_with_sheet_row_and_column(tmp_path):
    roll = ("---\ntitle: Cá nhân được tặng Bằng khen năm 2024\nissuer: ldld-tinh\ndecision:\n  number: 16/QĐ-LĐLĐ\n"
            "  date: 2025-01-21\nrecipients_file: danh-sach.xlsx\ndate: 2025-02-01\n---\n")
    project = make_project(tmp_path, {"honours/bang-khen-2024.md": roll})
    bad_workbook(project / "content/honours/danh-sach.xlsx")
    result = run(project, "validate")
    assert result.returncode == 1
    errors = [p for p in problems(result) if p["severity"] == "lỗi"]
    assert {(p["path"], int(p["line"]), p["field"]) for p in errors} == {
        ("content/honours/danh-sach.xlsx", row, column) for row, column, _ in EXPECTED_ROW_ERRORS}


def test_recipients_file_may_not_leave_the_content_folder(tmp_path):
    roll = ("---\ntitle: Thử\nissuer: ldld-tinh\nkind: bieu-duong\nrecipients_file: ../../../etc/passwd.csv\n"
            "date: 2025-02-01\n---\n")
    project = make_project(tmp_path, {"honours/thu.md": roll})
    result = run(project, "validate")
    problem = next(p for p in problems(result) if p["field"] == "recipients_file")
    assert "nằm ngoài thư mục content/" in problem["message"] and problem["line"] == "5"


def test_linked_workbook_builds_and_links_profiles(tmp_path):
    project = make_project(tmp_path, {"people/tran-van-bao.md": person("Trần Văn Bảo")})
    source = staff_workbook(tmp_path / "bk.xlsx", profile="tran-van-bao")
    result = run(project, "import-honours", str(source), "--link", "-o", "content/honours/bang-khen-2024.md")
    assert result.returncode == 0, result.stdout + result.stderr
    data = front_matter(project / "content/honours/bang-khen-2024.md")
    assert data["recipients_file"] == "bang-khen-2024.xlsx" and "recipients" not in data
    assert (project / "content/honours/bang-khen-2024.xlsx").is_file()
    build = run(project, "build")
    assert build.returncode == 0, build.stderr
    assert (project / "site/vinh-danh/bang-khen-2024/bang-khen-2024.pdf").is_file()
    page = (project / "site/vinh-danh/bang-khen-2024/index.html").read_text(encoding="utf-8")
    assert 'href="../../ca-nhan/tran-van-bao/"' in page
    person_page = (project / "site/ca-nhan/tran-van-bao/index.html").read_text(encoding="utf-8")
    assert 'href="../../vinh-danh/bang-khen-2024/"' in person_page


def test_csv_in_the_windows_vietnamese_code_page_with_semicolons(tmp_path):
    project = make_project(tmp_path)
    text = ("DANH SÁCH\nCá nhân tiêu biểu\n\nSTT;Họ và tên;Đơn vị\n1;Hà Thị Yến;Trường Mầm non Hoa Ban\n"
            "2;Vàng A Dế;Trường Mầm non Hoa Ban\n")
    source = tmp_path / "tieu-bieu.csv"
    source.write_bytes(cp1258(text))
    result = run(project, "import-honours", str(source), "--issuer", "ldld-tinh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert any("CP1258" in p["message"] and p["severity"] == "cảnh báo" for p in problems(result))
    data = front_matter(project / "content/honours/tieu-bieu.md")
    assert data["kind"] == "bieu-duong" and [r["name"] for r in data["recipients"]] == ["Hà Thị Yến", "Vàng A Dế"]


def cp1258(text: str) -> bytes:
    """Text as Excel saves "CSV" on Vietnamese Windows: code page 1258, tone marks as separate characters."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            out += (unicodedata.normalize("NFC", decomposed[:-1]) + decomposed[-1]).encode("cp1258")
    return out


@pytest.mark.parametrize("name, suffix, words", [
    ("cu.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("hong.xlsx", b"not a zip", "không mở được tệp Excel"),
])
def test_unreadable_files_are_explained(tmp_path, name, suffix, words):
    project = make_project(tmp_path)
    (tmp_path / name).write_bytes(suffix)
    result = run(project, "import-honours", str(tmp_path / name))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(words in p["message"] for p in problems(result)), result.stdout


def test_the_staff_template_validates_and_explains_every_field(tmp_path):
    from conftest import ROOT
    from dienhinh.content.schema import COLLECTIONS

    template = (ROOT / "templates" / "honours.md").read_text(encoding="utf-8")
    lines = template.split("\n")
    for spec in COLLECTIONS["honours"].fields:
        at = next(i for i, line in enumerate(lines) if re.match(rf"#?\s*{spec.name}:", line))
        assert lines[at - 1].lstrip().startswith("#"), f"{spec.name} has no comment above it"
    project = make_project(tmp_path)
    assert run(project, "new", "honour", "Tập thể, cá nhân được tặng Bằng khen năm 2024").returncode == 0
    path = next((project / "content" / "honours").glob("*.md"))
    filled = (path.read_text(encoding="utf-8").replace("\nissuer:\n", "\nissuer: ldld-tinh\n", 1)
              .replace("\nkind:\n", "\nkind: bieu-duong\n", 1).replace("  - kind:\n", "  - kind: tap-the\n", 1)
              .replace("\n    name:\n", "\n    name: Công đoàn cơ sở Trường Mầm non Hoa Ban\n", 1))
    path.write_text(filled.replace("draft: true", "draft: false"), encoding="utf-8")
    result = run(project, "validate")
    assert result.returncode == 0 and problems(result) == [], result.stdout

def flagged_workbook(path: Path) -> Path:
    """A list with Giới tính / Trực tiếp / Lãnh đạo columns marked with x, a part of a unit without its unit, a
    person without a unit, and a total line that says more people than the rows hold."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    rows = [
        ["DANH SÁCH"],
        ["Tập thể, cá nhân được tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh năm 2024"],
        ["(Kèm theo Quyết định số 15/QĐ-LĐLĐ ngày 20/01/2025 của Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu)"],
        ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Trực tiếp", "Lãnh đạo"],
        ["I. TẬP THỂ"],
        ["1", "Tổ Nữ công Khoa Sản"],
        ["II. CÁ NHÂN"],
        ["1", "Lò Thị Mai", "Nữ", "Công nhân", "Công ty Chè Núi Xanh", "x", None],
        ["2", "Trần Văn Bảo", "Nam", "Giám đốc", "Công ty Chè Núi Xanh", None, "x"],
        ["3", "Giàng A Páo", "Nam", "Công nhân", None, "x", "không"],
        ["Tổng cộng: 01 tập thể, 05 cá nhân"],
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_direct_worker_leader_and_gender_columns_reach_the_statistics(tmp_path):
    project = make_project(tmp_path)
    result = run(project, "import-honours", str(flagged_workbook(tmp_path / "nu-cong.xlsx")))
    assert result.returncode == 0, result.stdout + result.stderr
    data = front_matter(project / "content/honours/nu-cong.md")
    assert [(r["name"], r.get("gender"), r.get("direct_worker"), r.get("leader")) for r in data["recipients"]] == [
        ("Tổ Nữ công Khoa Sản", None, None, None), ("Lò Thị Mai", "nu", True, False),
        ("Trần Văn Bảo", "nam", False, True), ("Giàng A Páo", "nam", True, False)]
    build = run(project, "build")
    assert build.returncode == 0, build.stdout + build.stderr
    page = lxml_html.fromstring((project / "site/thong-ke/index.html").read_text(encoding="utf-8"))
    row = [c.text_content().strip() for c in page.xpath("//table[@id='nq07-table']/tbody/tr[1]/*")]
    # Year 2025 (the decision's): 3 individuals, 2 direct workers, none unknown, 1 woman.
    assert row[:3] == ["2025", "3", "2"] and row[4] == "0" and row[5].startswith("1 ")


def test_a_wrong_total_line_and_missing_units_are_warned_about(tmp_path):
    project = make_project(tmp_path)
    result = run(project, "import-honours", str(flagged_workbook(tmp_path / "nu-cong.xlsx")))
    found = {(p["line"], p["field"]): p["message"] for p in problems(result) if p["severity"] == "cảnh báo"}
    assert found[("11", 'trang "Sheet", dòng 11')] == ('dòng tổng cộng "Tổng cộng: 01 tập thể, 05 cá nhân" ghi 5 cá nhân (bảng có 3) '
                                        '— đếm lại: có thể thiếu hoặc thừa dòng, hoặc dòng tổng cộng chưa sửa theo '
                                        'danh sách')
    assert found[("6", 'trang "Sheet", cột B (Họ và tên)')] == (
        'tập thể "Tổ Nữ công Khoa Sản" là một bộ phận nhưng không ghi thuộc đơn vị nào — ghi đơn vị của bộ phận này '
        '(bệnh viện, công ty, trường…) ở trường unit hoặc cột Đơn vị; bản in ghi đơn vị dưới tên tập thể')
    assert found[("10", 'trang "Sheet", cột B (Họ và tên)')].startswith('cá nhân "Giàng A Páo" không có đơn vị — ')
    assert len(found) == 3, found
