"""Hostile or careless content: markup in titles and vocabularies, unsafe addresses, paths that try
to leave the site, YAML tricks, spreadsheet formulas, broken data files, two builds at once."""

from __future__ import annotations

import csv
import fcntl
import os

from conftest import MOVEMENT, make_project, model, one, person, problems, run
from lxml import html as lxml_html

SITE_TITLE_TRICK = 'Giảm tai nạn <5% & "an toàn" là mục tiêu'


def validate(tmp_path, files: dict[str, str]):
    return run(make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT, **files}), "validate")


def test_unclosed_tag_in_a_title_is_rejected(tmp_path):
    result = validate(tmp_path, {"models/thu.md": model('Mô hình "<script src=//x.example/a.js"')})
    problem = one(result, "content/models/thu.md", "title")
    assert problem["severity"] == "lỗi" and "thẻ HTML" in problem["message"]
    assert result.returncode == 1


def test_markup_in_a_vocabulary_name_is_rejected(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT})
    fields = project / "content/data/fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8")
                      + "- id: thu-ma\n  name: <img src=x onerror=alert(1)>\n", encoding="utf-8")
    result = run(project, "validate")
    found = [p for p in problems(result) if p["path"] == "content/data/fields.yml"]
    assert any("thẻ HTML" in p["message"] for p in found), result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_title_with_markup_characters_is_escaped_everywhere(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "models/giam-tai-nan.md": model(f"'{SITE_TITLE_TRICK}'")})
    result = run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = lxml_html.fromstring((project / "site/mo-hinh/giam-tai-nan/index.html").read_text(encoding="utf-8"))
    assert page.findtext(".//title").startswith(SITE_TITLE_TRICK)
    assert page.xpath("string(//meta[@property='og:title']/@content)") == SITE_TITLE_TRICK
    assert SITE_TITLE_TRICK not in page.xpath("string(//header)")  # the header names the organisation only
    assert page.xpath("string(//h1)").strip() == SITE_TITLE_TRICK


def test_javascript_address_is_rejected_and_never_linked(tmp_path):
    source = ("sources:\n  - number: 01/BC-LĐLĐ\n    title: Báo cáo\n"
              "    url: \"javascript:alert(document.cookie)\"\n")
    result = validate(tmp_path, {"models/thu.md": model("Mô hình thử", source)})
    problem = one(result, "content/models/thu.md", "sources[0].url")
    assert "không hợp lệ" in problem["message"] and "https://" in problem["message"]

    project = make_project(tmp_path / "ok", {"movements/lao-dong-gioi.md": MOVEMENT,
                                             "models/thu.md": model("Mô hình thử", body="[bấm](javascript:alert(1))")})
    assert run(project, "build").returncode == 0
    for page in (project / "site").rglob("*.html"):
        hrefs = lxml_html.fromstring(page.read_bytes()).xpath("//@href | //@src | //@action")
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], page


def test_uid_that_climbs_out_of_the_site_is_rejected(tmp_path):
    result = validate(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng", "uid: ../../../tmp/tro-ra\n")})
    problem = one(result, "content/people/dao-viet-hung.md", "uid")
    assert "không phải tên tệp hợp lệ" in problem["message"]
    assert result.returncode == 1


def test_photo_path_outside_the_content_tree_is_rejected(tmp_path):
    (tmp_path / "bi-mat.jpg").write_bytes(b"\xff\xd8\xff")
    extra = "photo:\n  file: ../../../bi-mat.jpg\n  alt: Ảnh\n"
    result = validate(tmp_path, {"people/dao-viet-hung.md": person("Đào Việt Hưng", extra)})
    found = [p for p in problems(result) if p["path"] == "content/people/dao-viet-hung.md"]
    assert any("ngoài thư mục" in p["message"] for p in found), result.stdout
    assert result.returncode == 1


def test_yaml_aliases_are_refused_before_they_can_expand(tmp_path):
    bomb = ("---\nname: Đào Việt Hưng\nunit: benh-vien-da-khoa-tinh\ndate: 2020-06-26\n"
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n")
    result = validate(tmp_path, {"people/dao-viet-hung.md": bomb})
    found = [p for p in problems(result) if p["path"] == "content/people/dao-viet-hung.md"]
    assert found and any("&" in p["message"] or "*" in p["message"] for p in found), result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_spreadsheet_formulas_in_content_stay_text_in_open_data(tmp_path):
    project = make_project(tmp_path, {
        "movements/lao-dong-gioi.md": MOVEMENT,
        "people/cong-thuc.md": person("Lê Văn Công", "position: '=HYPERLINK(\"https://x.example\",\"Bấm\")'\n")})
    result = run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with (project / "site/du-lieu/ca-nhan.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    position = next(r["Chức vụ"] for r in rows if r["Họ và tên"] == "Lê Văn Công")
    assert position.startswith("'=HYPERLINK")


def test_labels_file_of_the_wrong_shape_is_an_error_not_a_crash(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "data/labels.yml": "- đây là danh sách\n- không phải các dòng khóa: chữ\n"})
    result = run(project, "build")
    assert result.returncode != 0
    assert "content/data/labels.yml:1: lỗi" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_label_is_a_warning_and_a_group_written_as_text_is_an_error(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "data/labels.yml": "nhan_khong_co: Chữ\nhonours: Một dòng chữ\n"})
    result = run(project, "validate")
    found = {p["field"]: p for p in problems(result) if p["path"] == "content/data/labels.yml"}
    assert found["nhan_khong_co"]["severity"] == "cảnh báo"
    assert found["honours"]["severity"] == "lỗi"
    assert "Traceback" not in result.stderr


def test_vocabulary_with_wrong_types_is_reported_not_crashed(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT})
    localities = project / "content/data/localities.yml"
    localities.write_text(localities.read_text(encoding="utf-8")
                          + "- id: xa-moi\n  name: Xã Mới\n  level: xa\n  until: [1, 2]\n", encoding="utf-8")
    forms = project / "content/data/award_forms.yml"
    forms.write_text(forms.read_text(encoding="utf-8").replace("precedence: 1", "precedence: một", 1),
                     encoding="utf-8")
    result = run(project, "validate")
    fields = {(p["path"], p["field"]) for p in problems(result)}
    assert ("content/data/localities.yml", "xa-moi.until") in fields, result.stdout
    assert any(path == "content/data/award_forms.yml" and field.endswith(".precedence") for path, field in fields)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_vocabulary_saved_in_a_legacy_encoding_is_reported(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT})
    (project / "content/data/fields.yml").write_bytes("- id: van-hoa\n  name: Văn hóa\n".encode("cp1258"))
    result = run(project, "validate")
    found = [p for p in problems(result) if p["path"] == "content/data/fields.yml"]
    assert found and "UTF-8" in found[0]["message"], result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_second_build_at_the_same_time_waits_its_turn_and_publishes_nothing(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "people/dao-viet-hung.md": person("Đào Việt Hưng")})
    lock_path = project / ".cache" / "build.lock"
    lock_path.parent.mkdir(parents=True)
    with lock_path.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run(project, "build")
    assert result.returncode != 0
    assert "Đang có một lần dựng trang khác" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists() and not (project / "site.staging").exists()
    assert run(project, "build").returncode == 0
    assert (project / "site/ca-nhan/dao-viet-hung/index.html").exists()


def test_locality_that_no_longer_exists_warns_for_new_entries(tmp_path):
    result = validate(tmp_path, {
        "models/moi.md": model("Mô hình mới", "locality: than-uyen\n", date="2025-09-01"),
        "models/cu.md": model("Mô hình cũ", "locality: than-uyen\n", date="2024-09-01")})
    new = one(result, "content/models/moi.md", "locality")
    assert new["severity"] == "cảnh báo" and "30/06/2025" in new["message"]
    assert not [p for p in problems(result) if p["path"] == "content/models/cu.md"]
    assert result.returncode == 0


def test_navigation_to_a_draft_page_is_dropped_with_a_warning(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT}, sample=True)
    about = project / "content/pages/gioi-thieu.md"
    about.write_text(about.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "gioi-thieu" in result.stderr and "cảnh báo" in result.stderr
    home = lxml_html.fromstring((project / "site/index.html").read_bytes())
    assert not [h for h in home.xpath("//nav//a/@href") if "gioi-thieu" in h]
    assert not (project / "site/gioi-thieu/index.html").exists()


def test_field_index_is_in_vietnamese_alphabetical_order(tmp_path):
    entries = {"movements/lao-dong-gioi.md": MOVEMENT}
    for slug, field in (("y", "y-te"), ("dien", "dien-nuoc"), ("bao", "phat-thanh-truyen-hinh"), ("giao", "giao-duc")):
        entries[f"models/{slug}.md"] = model(f"Mô hình {slug}").replace("field: y-te", f"field: {field}")
    project = make_project(tmp_path, entries)
    assert run(project, "build").returncode == 0
    page = lxml_html.fromstring((project / "site/linh-vuc/index.html").read_bytes())
    names = [a.text_content().strip() for a in page.xpath("//article//a")]
    order = ["Báo chí", "Điện", "Giáo dục", "Y tế"]
    positions = [next(i for i, n in enumerate(names) if n.startswith(o)) for o in order]
    assert positions == sorted(positions), names


def test_nothing_is_written_outside_the_site_folder(tmp_path):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT,
                                      "people/dao-viet-hung.md": person("Đào Việt Hưng", "uid: dao-viet-hung-cu\n")})
    before = set(os.listdir(tmp_path))
    assert run(project, "build").returncode == 0
    assert set(os.listdir(tmp_path)) == before
    assert (project / "site/ca-nhan/dao-viet-hung-cu/index.html").exists()


def test_organisation_identity_from_mkdocs_yml_is_escaped_and_colours_are_checked(tmp_path):
    """The header prints names from mkdocs.yml; a colour goes into a <style> element, so only #rrggbb may."""
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT})
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("    short_name: LĐLĐ tỉnh Lai Châu\n", '    short_name: "LĐLĐ <b>thử</b> & \\"x\\""\n')
    text = text.replace('      primary: "#0a4a8f"\n', '      primary: "red;}</style><script>alert(1)</script>"\n')
    text = text.replace('      accent: "#b3122e"\n', '      accent: "#fafafa"\n')
    config.write_text(text, encoding="utf-8")
    warned = {p["field"]: p["message"] for p in problems(run(project, "validate")) if p["path"] == "mkdocs.yml"}
    assert "không đúng dạng" in warned["extra.organisation.colors.primary"]
    assert "quá nhạt" in warned["extra.organisation.colors.accent"]
    result = run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site/index.html").read_text(encoding="utf-8")
    page = lxml_html.fromstring(html)
    assert page.xpath("string(//*[@class='dh-brand__short'])") == 'LĐLĐ <b>thử</b> & "x"'
    assert not page.xpath("//header//b") and "alert(1)" not in html and "#fafafa" not in html
