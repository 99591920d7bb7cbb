"""`dienhinh validate`: every class of content mistake gives a Vietnamese line with file, line and field."""

from __future__ import annotations

import pytest
from conftest import MOVEMENT, make_project, model, one, person, problems, run


def validate(tmp_path, files: dict[str, str]):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT, **files})
    return run(project, "validate")


def test_clean_content_passes_with_exit_0(tmp_path):
    result = validate(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert problems(result) == []
    assert "Đạt" in result.stderr


def test_yaml_syntax_error_reports_line_and_column(tmp_path):
    text = "---\nname: Đào Việt Hưng\nunit: benh-vien-da-khoa-tinh\nsummary: Tác giả: giải pháp\ndate: 2020-06-26\n---\n"
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    assert result.returncode == 1
    problem = one(result, "content/people/dao-viet-hung.md", "YAML")
    assert problem["line"] == "4" and problem["severity"] == "lỗi"
    assert "dấu hai chấm" in problem["message"] and "cột" in problem["message"]
    assert "ngoặc kép" in problem["message"]
    assert "Traceback" not in result.stderr


def test_tab_indentation_is_explained(tmp_path):
    text = "---\nname: Đào Việt Hưng\nunit: benh-vien-da-khoa-tinh\nconsent:\n\tphoto: true\ndate: 2020-06-26\n---\n"
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    problem = one(result, "content/people/dao-viet-hung.md", "YAML")
    assert problem["line"] == "5" and "Tab" in problem["message"]


def test_missing_front_matter_fence(tmp_path):
    result = validate(tmp_path, {"people/dao-viet-hung.md": "name: Đào Việt Hưng\n"})
    problem = one(result, "content/people/dao-viet-hung.md", "phần thông tin")
    assert problem["line"] == "1" and "---" in problem["message"]


def test_unknown_key_suggests_the_closest(tmp_path):
    result = validate(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng", "postion: Phó Giám đốc\n")})
    problem = one(result, "content/people/dao-viet-hung.md", "postion")
    assert problem["line"] == "6"
    assert 'có phải ý bạn là "position"?' in problem["message"]
    assert result.returncode == 1


def test_missing_required_field_names_it_with_an_example(tmp_path):
    text = "---\nname: Đào Việt Hưng\ndate: 2020-06-26\n---\n"
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    problem = one(result, "content/people/dao-viet-hung.md", "unit")
    assert "thiếu trường bắt buộc unit (Đơn vị)" in problem["message"]
    assert "unit: benh-vien-da-khoa-tinh" in problem["message"]


def test_wrong_type(tmp_path):
    result = validate(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng", "leader: thỉnh thoảng\n")})
    problem = one(result, "content/people/dao-viet-hung.md", "leader")
    assert problem["line"] == "6" and "không phải có/không" in problem["message"]


def test_bad_date_and_vietnamese_date_format(tmp_path):
    bad = person("Đào Việt Hưng", date="31/02/2025")
    good = person("Dương Thị Như", date="26/02/2025")
    result = validate(tmp_path, {"people/dao-viet-hung.md": bad, "people/duong-thi-nhu.md": good})
    problem = one(result, "content/people/dao-viet-hung.md", "date")
    assert problem["line"] == "4" and problem["message"].startswith('ngày "31/02/2025" không có: tháng 2 năm 2025 chỉ có 28 ngày')
    assert not [p for p in problems(result) if p["path"].endswith("duong-thi-nhu.md")]


def test_unknown_movement_reference_suggests_the_closest_id(tmp_path):
    text = person("Đào Việt Hưng", "movements:\n  - lao-dong-gioi\n  - lao-dong-gio\n")
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    problem = one(result, "content/people/dao-viet-hung.md", "movements[1]")
    assert problem["line"] == "8"
    assert 'không có phong trào "lao-dong-gio"' in problem["message"]
    assert 'có phải ý bạn là "lao-dong-gioi"?' in problem["message"]


def test_unknown_person_reference(tmp_path):
    files = {"people/dao-viet-hung.md": person("Đào Việt Hưng"),
             "models/cat-polyp.md": model("Cắt polyp", "people: [dao-viet-hng]\n")}
    result = validate(tmp_path, files)
    problem = one(result, "content/models/cat-polyp.md", "people[0]")
    assert 'không có cá nhân "dao-viet-hng"' in problem["message"]
    assert '"dao-viet-hung"' in problem["message"]


@pytest.mark.parametrize("extra, field, wanted", [
    ("awards:\n  - form: bang-khen-tl\n    year: 2020\n", "awards[0].form", '"bang-khen-tld"'),
    ("field: y-t\n", "field", '"y-te"'),
    ("locality: than-uyn\n", "locality", '"than-uyen"'),
])
def test_unknown_vocabulary_ids_suggest_the_closest(tmp_path, extra, field, wanted):
    result = validate(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng", extra)})
    problem = one(result, "content/people/dao-viet-hung.md", field)
    assert "không có" in problem["message"] and wanted in problem["message"]
    assert "content/data/" in problem["message"]


def test_a_unit_written_by_its_vietnamese_name_is_that_unit(tmp_path):
    text = "---\nname: Đào Việt Hưng\nunit: Bệnh viện đa khoa tỉnh Lai Châu\ndate: 2020-06-26\n---\n"
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    assert result.returncode == 0, result.stdout
    assert not [p for p in problems(result) if p["field"] == "unit"]


def test_a_unit_misspelt_is_offered_the_closest_by_name(tmp_path):
    text = "---\nname: Đào Việt Hưng\nunit: Bệnh viện đa khoa tỉnh Lai Chau xa\ndate: 2020-06-26\n---\n"
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    problem = one(result, "content/people/dao-viet-hung.md", "unit")
    assert 'có phải ý bạn là "benh-vien-da-khoa-tinh"?' in problem["message"]


def test_award_form_for_the_wrong_recipient(tmp_path):
    text = person("Đào Việt Hưng", "awards:\n  - form: co-thi-dua-tld\n    year: 2020\n")
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    problem = one(result, "content/people/dao-viet-hung.md", "awards[0].form")
    assert "không dùng để khen cá nhân" in problem["message"]


def test_duplicate_ids_in_subfolders(tmp_path):
    files = {"people/2020/dao-viet-hung.md": person("Đào Việt Hưng"),
             "people/2021/dao-viet-hung.md": person("Đào Việt Hưng")}
    result = validate(tmp_path, files)
    duplicates = [p for p in problems(result) if "trùng với" in p["message"]]
    assert len(duplicates) == 1 and result.returncode == 1


def test_file_name_that_is_not_a_slug_gets_the_right_one(tmp_path):
    result = validate(tmp_path, {"people/Đào Việt Hưng.md": person("Đào Việt Hưng")})
    problem = one(result, "content/people/Đào Việt Hưng.md", "tên tệp")
    assert '"dao-viet-hung.md"' in problem["message"]


def test_missing_image_and_image_outside_content(tmp_path):
    consent = "consent:\n  photo: true\n  date: 2025-03-01\n"
    missing = person("Đào Việt Hưng", "photo:\n  file: dao-viet-hung.jpg\n  alt: Ảnh chân dung\n" + consent)
    outside = person("Dương Thị Như", "photo:\n  file: ../../../etc/passwd.jpg\n  alt: Ảnh\n" + consent)
    result = validate(tmp_path, {"people/dao-viet-hung.md": missing, "people/duong-thi-nhu.md": outside})
    assert 'không tìm thấy ảnh "dao-viet-hung.jpg"' in one(result, "content/people/dao-viet-hung.md", "photo.file")["message"]
    assert "nằm ngoài thư mục content/" in one(result, "content/people/duong-thi-nhu.md", "photo.file")["message"]


def test_photo_without_alt_text_is_an_error(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "people/dao-viet-hung.md": person("Đào Việt Hưng", "photo:\n  file: a.jpg\n")})
    (project / "content" / "people" / "a.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    result = run(project, "validate")
    assert "thiếu trường bắt buộc alt" in one(result, "content/people/dao-viet-hung.md", "photo.alt")["message"]


@pytest.mark.parametrize("pasted, encoding, decoded", [
    ("Lai Ch©u", "TCVN3", "Châu"),
    ("Lai Chaâu", "VNI", "Châu"),
])
def test_legacy_font_text_is_an_error_naming_the_encoding(tmp_path, pasted, encoding, decoded):
    text = person("Đào Việt Hưng", f"position: Bác sĩ ở {pasted}\n")
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    problem = one(result, "content/people/dao-viet-hung.md", "position")
    assert problem["severity"] == "lỗi" and encoding in problem["message"] and decoded in problem["message"]
    assert "Unikey" in problem["message"]


def test_legacy_text_in_the_body_points_at_its_line(tmp_path):
    text = person("Đào Việt Hưng", body="\nĐoạn đầu đúng.\n\nLiªn ®oµn Lao ®éng tØnh Lai Ch©u\n")
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    problem = one(result, "content/people/dao-viet-hung.md", "nội dung")
    assert problem["line"] == "10" and "TCVN3" in problem["message"]


def test_lookalike_d_and_soft_hyphen_are_warnings(tmp_path):
    text = person("\u00d0ào Việt Hưng", "position: Phó Giám\u00ad đốc\n")
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    assert result.returncode == 0
    name = one(result, "content/people/dao-viet-hung.md", "name")
    assert name["severity"] == "cảnh báo" and "U+00D0" in name["message"]
    position = one(result, "content/people/dao-viet-hung.md", "position")
    assert position["severity"] == "cảnh báo" and "soft hyphen" in position["message"]


def test_html_in_a_plain_field_is_refused(tmp_path):
    text = person("Đào Việt Hưng <script>alert(1)</script>")
    result = validate(tmp_path, {"people/dao-viet-hung.md": text})
    assert "không được chứa thẻ HTML" in one(result, "content/people/dao-viet-hung.md", "name")["message"]


def test_file_not_in_utf8(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT})
    (project / "content" / "people" / "dao-viet-hung.md").write_bytes(
        person("Đào Việt Hưng").encode("utf-8").replace("Hưng".encode(), "Hưng".encode("cp1258")))
    result = run(project, "validate")
    assert "UTF-8" in one(result, "content/people/dao-viet-hung.md", "tệp")["message"]


def test_nfd_input_is_accepted(tmp_path):
    import unicodedata

    result = validate(tmp_path, {"people/dao-viet-hung.md": unicodedata.normalize("NFD", person("Đào Việt Hưng"))})
    assert result.returncode == 0 and problems(result) == []


def test_all_problems_of_a_run_are_reported_together(tmp_path):
    files = {
        "people/a.md": person("A", "postion: x\n"),
        "people/b.md": person("B", date="2020-13-40"),
        "models/c.md": model("C", "movements: [khong-co]\n"),
        "people/d.md": "---\nname: [\n---\n",
    }
    result = validate(tmp_path, files)
    assert result.returncode == 1
    paths = {p["path"] for p in problems(result) if p["severity"] == "lỗi"}
    assert paths == {"content/people/a.md", "content/people/b.md", "content/models/c.md", "content/people/d.md"}
    assert "Không đạt" in result.stderr and "4 lỗi" in result.stderr


def test_errors_in_a_draft_are_warnings_and_do_not_block(tmp_path):
    draft = person("Đào Việt Hưng", "draft: true\npostion: x\n")
    result = validate(tmp_path, {"people/dao-viet-hung.md": draft})
    assert result.returncode == 0
    problem = one(result, "content/people/dao-viet-hung.md", "postion")
    assert problem["severity"] == "cảnh báo" and problem["message"].startswith("(bản nháp")


def test_vocabulary_file_problems_are_reported(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT})
    fields = project / "content" / "data" / "fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8") + "- id: Y Tế Mới\n  name: Y tế mới\n- id: y-te\n  name: Trùng\n",
                      encoding="utf-8")
    result = run(project, "validate")
    lines = [p for p in problems(result) if p["path"] == "content/data/fields.yml"]
    assert any('"y-te-moi"' in p["message"] for p in lines)
    assert any("bị trùng" in p["message"] for p in lines)
    assert result.returncode == 1
