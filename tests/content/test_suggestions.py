"""Hints that understand the vocabularies: a term written by its name, short name or alias is that term, and a
suggestion never names an award of another issuer, level or kind."""

from __future__ import annotations

import pytest
from conftest import MOVEMENT, make_project, model, one, person, problems, run


@pytest.mark.parametrize("written", ["Bằng khen LĐLĐ tỉnh", "Bằng khen của BCH LĐLĐ tỉnh", "bang khen ldld tinh",
                                     "BẰNG KHEN CỦA LIÊN ĐOÀN LAO ĐỘNG TỈNH", "bang-khen-ldld-tinh"])
def test_an_award_written_by_any_of_its_names_is_that_award(vocabularies, written):
    assert vocabularies["award_forms"].resolve(written) == "bang-khen-ldld-tinh"


@pytest.mark.parametrize("typed, hint", [
    ("Bằng khen của LĐLĐ", 'có phải ý bạn là "bang-khen-ldld-tinh"?'),
    ("bang-khen-ldld", 'có phải ý bạn là "bang-khen-ldld-tinh"?'),
    ("Cờ thi đua LĐLĐ", 'có phải ý bạn là "co-thi-dua-ldld-tinh"?'),
    ("Bang khen UBND", 'có phải ý bạn là "bang-khen-ubnd-tinh"?'),
    ("bang-khen-tdl", 'có phải ý bạn là "bang-khen-tld"?'),
    ("Giấy khen của LĐLĐ tỉnh", ""),  # no such award in the list: better no suggestion than a Bằng khen
])
def test_an_award_suggestion_keeps_the_issuer_level_and_kind(vocabularies, typed, hint):
    assert vocabularies["award_forms"].suggestion(typed) == hint


def test_a_suggestion_for_a_unit_matches_its_short_name(vocabularies):
    assert vocabularies["units"].resolve("BVĐK tỉnh") == "benh-vien-da-khoa-tinh"
    assert vocabularies["units"].suggestion("BVĐK tinh Lai Chau") == 'có phải ý bạn là "benh-vien-da-khoa-tinh"?'


def test_names_short_names_and_vietnamese_keys_in_a_real_file(tmp_path):
    awards = ("awards:\n  - form: Bằng khen LĐLĐ tỉnh\n    year: 2020\n"
              "  - form: Bằng khen của LĐLĐ\n    year: 2021\n")
    text = person("Đào Việt Hưng", awards + "chức vụ: Bác sĩ\n").replace("unit: benh-vien-da-khoa-tinh",
                                                                         "unit: BVĐK tỉnh")
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT, "people/dao-viet-hung.md": text})
    result = run(project, "validate")
    fields = {p["field"] for p in problems(result)}
    assert "unit" not in fields and "awards[0].form" not in fields, result.stdout
    wrong = one(result, "content/people/dao-viet-hung.md", "awards[1].form")
    assert wrong["message"] == ('không có hình thức khen thưởng mã "Bằng khen của LĐLĐ" — có phải ý bạn là '
                                '"bang-khen-ldld-tinh"? danh sách ở content/data/award_forms.yml; nếu chưa có, '
                                'thêm vào đó')
    key = one(result, "content/people/dao-viet-hung.md", "chức vụ")
    assert key["message"] == ('trường không có trong mẫu — trường "chức vụ" ghi là position (tên trường viết bằng '
                              'tiếng Anh, không dấu): position: …')


def test_impossible_dates_say_why_and_a_missing_alt_is_offered_a_neutral_start(tmp_path):
    photo = "photo:\n  file: /media/chan-dung.jpg\n"
    project = make_project(tmp_path, {
        "movements/lao-dong-gioi.md": MOVEMENT,
        "people/dao-viet-hung.md": person("Đào Việt Hưng", photo, date="31/02/2024"),
        "people/le-thi-lan.md": person("Lê Thị Lan", "photo:\n  file: /media/chan-dug.jpg\n  alt: Ảnh\n",
                                       date="2024-13-01"),
    })
    (project / "content/media").mkdir()
    from PIL import Image

    Image.new("RGB", (40, 40)).save(project / "content/media/chan-dung.jpg")
    result = run(project, "validate")
    day = one(result, "content/people/dao-viet-hung.md", "date")
    assert day["message"] == 'ngày "31/02/2024" không có: tháng 2 năm 2024 chỉ có 29 ngày — kiểm tra lại ngày trên văn bản gốc'
    month = one(result, "content/people/le-thi-lan.md", "date")
    assert month["message"].startswith('ngày "2024-13-01" không có: tháng 13 không có')
    alt = one(result, "content/people/dao-viet-hung.md", "photo.alt")
    assert alt["message"] == ("thiếu trường bắt buộc alt (Mô tả ảnh) — thêm dòng alt: Ảnh chân dung Đào Việt Hưng "
                              "(sửa lại cho đúng điều ảnh cho thấy)")
    missing = one(result, "content/people/le-thi-lan.md", "photo.file")
    assert 'có phải ý bạn là "chan-dung.jpg"?' in missing["message"]


def test_a_draft_with_problems_is_counted_as_not_published(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "people/dao-viet-hung.md": person("Đào Việt Hưng"),
                                      "people/nhap.md": person("Bản Nháp", "draft: true\n", date="31/02/2024")})
    result = run(project, "validate")
    assert result.returncode == 0, result.stdout
    assert one(result, "content/people/nhap.md", "date")["severity"] == "cảnh báo"
    assert "2 mục và 0 trang thông tin được đăng, 1 mục chưa đăng" in result.stderr


def test_an_ended_locality_offers_the_communes_in_force_or_says_there_are_none(tmp_path):
    files = {"movements/lao-dong-gioi.md": MOVEMENT,
             "models/moi.md": model("Mô hình mới", "locality: than-uyen\n", date="2025-09-01"),
             "people/theo-don-vi.md": person("Đào Việt Hưng", date="2025-09-01").replace(
                 "unit: benh-vien-da-khoa-tinh", "unit: truong-thcs-doan-ket")}  # in a city that ended
    project = make_project(tmp_path / "a", files)
    result = run(project, "validate")
    written = one(result, "content/models/moi.md", "locality")
    assert written["message"] == (
        'địa bàn "Huyện Than Uyên" chỉ còn đến ngày 30/06/2025, mục này đăng ngày 01/09/2025 — danh mục '
        "content/data/localities.yml chưa có xã, phường nào: thêm xã, phường mới vào đó (level: xa hoặc level: "
        "phuong) rồi ghi locality: cho mục này; nếu địa bàn không quan trọng, có thể bỏ qua cảnh báo")
    inherited = one(result, "content/people/theo-don-vi.md", "locality")
    assert "(lấy theo đơn vị trong content/data/units.yml)" in inherited["message"]

    project = make_project(tmp_path / "b", files)
    localities = project / "content/data/localities.yml"
    localities.write_text(localities.read_text(encoding="utf-8") + "- id: xa-thu\n  name: Xã Thử\n  level: xa\n",
                          encoding="utf-8")
    offered = one(run(project, "validate"), "content/models/moi.md", "locality")
    assert offered["message"].endswith("— ghi locality: với xã, phường hiện nay, ví dụ xa-thu (Xã Thử)")


def test_a_files_problems_all_come_in_one_run(tmp_path):
    """A field error used to hide the file's references until it was fixed: both come at once now."""
    text = person("Đào Việt Hưng", "movements: [lao-dong-gio]\n", date="31/02/2024")
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT, "people/dao-viet-hung.md": text})
    result = run(project, "validate")
    assert one(result, "content/people/dao-viet-hung.md", "date")["severity"] == "lỗi"
    movement = one(result, "content/people/dao-viet-hung.md", "movements[0]")
    assert movement["severity"] == "lỗi" and movement["line"] == "6"
    assert 'có phải ý bạn là "lao-dong-gioi"?' in movement["message"]


@pytest.mark.parametrize("front, line, message", [
    ("awards:\n  - form: bang-khen-tld\n    year: 2020\n- form: bang-khen-tld\n  year: 2021\n", 11,
     "thụt lề không thẳng hàng: mục '- form' bắt đầu ở cột 1, không thẳng cột với mục '- form' ở dòng 9 (cột 3)"
     " — thêm 2 dấu cách ở đầu dòng để mục '- form' bắt đầu ở cột 3 như mục trên"),
    ("awards:\n  - form: bang-khen-tld\n    year: 2020\n   decision: 12/QĐ\n", 11,
     "thụt lề không thẳng hàng: trường 'decision' bắt đầu ở cột 4, không thẳng cột với trường 'year' ở dòng 10 "
     "(cột 5) — thêm 1 dấu cách ở đầu dòng để trường 'decision' bắt đầu ở cột 5 như 'year' (cùng cấp)"),
    ("  featured: true\n", 8,
     "thụt lề không thẳng hàng: trường 'featured' thụt vào sâu hơn trường 'summary' ở dòng 7, trường này đã có "
     "giá trị — bớt 2 dấu cách ở đầu dòng để trường 'featured' bắt đầu ở cột 1 như 'summary'"),
    ("- lao-dong-gioi\n", 8,
     "thụt lề không thẳng hàng: mục danh sách '- lao-dong-gioi' đứng sau trường 'summary' đã có giá trị — mục "
     "danh sách phải nằm dưới một trường để trống giá trị (ví dụ 'awards:'), thụt vào 2 dấu cách"),
])
def test_an_indentation_error_names_the_line_to_line_up_with(tmp_path, front, line, message):
    project = make_project(tmp_path, {"models/noi-soi.md": model("Nội soi", front)})
    result = run(project, "validate")
    found = one(result, "content/models/noi-soi.md", "YAML")
    assert (int(found["line"]), found["message"]) == (line, message)


def test_an_award_line_that_lost_its_indent_is_named_as_the_awards_field(tmp_path):
    project = make_project(tmp_path, {"models/noi-soi.md": model("Nội soi", "awards:\n  - form: bang-khen-tld\n"
                                                                            "year: 2020\n")})
    found = one(run(project, "validate"), "content/models/noi-soi.md", "year")
    assert found["message"] == ("trường không có trong mẫu — year là trường của từng mục trong awards (Khen "
                                "thưởng); nếu dòng này thuộc mục ở trên, thụt vào cho thẳng cột với chữ đầu của mục "
                                "đó (ngay sau '- ')")


def test_a_movement_written_by_its_title_or_split_by_its_comma_gets_its_id(tmp_path):
    project = make_project(tmp_path, {
        "movements/lao-dong-gioi-lao-dong-sang-tao.md": MOVEMENT,
        "models/noi-soi.md": model("Nội soi", "movements: [Lao động giỏi, Lao động sáng tạo]\n"),
        "models/cat-polyp.md": model("Cắt polyp", "movements: [lao động giỏi, lao động sáng tạo, lao-dong-gioi]\n"),
        "models/tham-kham.md": model("Thăm khám", "movements:\n  - LAO ĐỘNG GIỎI, LAO ĐỘNG SÁNG TẠO\n"),
    })
    result = run(project, "validate")
    split = one(result, "content/models/noi-soi.md", "movements[0-1]")
    assert split["message"] == ('dấu phẩy trong tên phong trào "Lao động giỏi, Lao động sáng tạo" đã tách tên thành '
                                '2 mục — ghi mã phong trào (tên tệp, không có .md) thay cho tên: '
                                'lao-dong-gioi-lao-dong-sang-tao')
    assert one(result, "content/models/cat-polyp.md", "movements[0-1]")
    near = one(result, "content/models/cat-polyp.md", "movements[2]")
    assert near["message"].startswith('không có phong trào "lao-dong-gioi" — có phải ý bạn là '
                                      '"lao-dong-gioi-lao-dong-sang-tao"?')
    titled = one(result, "content/models/tham-kham.md", "movements[0]")
    assert titled["message"] == ('"LAO ĐỘNG GIỎI, LAO ĐỘNG SÁNG TẠO" là tên phong trào, ở đây cần mã (tên tệp) — '
                                 'ghi lao-dong-gioi-lao-dong-sang-tao (tên tệp '
                                 'content/movements/lao-dong-gioi-lao-dong-sang-tao.md)')
