"""Staff's workflow: templates, `dienhinh new`, problems shown in the Git web UI, CI workflow files."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import MOVEMENT, ROOT, TODAY, make_project, run
from dienhinh.content.schema import COLLECTIONS, Field
from dienhinh.text.vietnamese import slugify

TEMPLATES = ROOT / "templates"


def front_matter(text: str) -> tuple[list[str], dict]:
    lines = text.split("\n")
    close = lines.index("---", 1)
    return lines[1:close], yaml.safe_load("\n".join(lines[1:close]))


def field_paths(fields: tuple[Field, ...], prefix: tuple = ()) -> list[tuple]:
    """Every field of the schema as a key path; the items of a list of objects are [0]."""
    paths = []
    for spec in fields:
        path = prefix + (spec.name,)
        paths.append(path)
        if spec.type == "object":
            paths += field_paths(spec.fields, path)
        elif spec.type == "objects":
            paths += field_paths(spec.fields, path + (0,))
    return paths


def lookup(data, path: tuple) -> bool:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or len(data) <= part:
                return False
        elif not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


# ------------------------------------------------------------------ templates

@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_every_schema_field_is_in_its_template_with_a_comment(collection):
    text = (TEMPLATES / f"{collection}.md").read_text(encoding="utf-8")
    lines, data = front_matter(text)
    missing = [".".join(map(str, p)) for p in field_paths(COLLECTIONS[collection].fields) if not lookup(data, p)]
    assert not missing, f"templates/{collection}.md lacks {missing}"
    containers = {p[-1] for p in field_paths(COLLECTIONS[collection].fields)
                  if COLLECTIONS[collection].field(p[0]).type in ("object", "objects") and len(p) == 1}
    known = {p[-1] for p in field_paths(COLLECTIONS[collection].fields) if isinstance(p[-1], str)}
    for index, line in enumerate(lines):
        key = re.match(r"^\s*(?:- )?([a-z_]+):", line)
        if not key:
            continue
        name = key.group(1)
        assert name in known, f"{collection}: {name} is not in the schema"
        comment = []
        for above in reversed(lines[:index]):
            if not above.strip().startswith("#"):
                break
            comment.append(above)
        assert comment, f"templates/{collection}.md: {name} needs a Vietnamese comment above it"
        if name not in containers:  # a list of objects has its examples on its own fields
            assert "Ví dụ" in "\n".join(comment), f"templates/{collection}.md: {name} needs an example"


def test_templates_are_vietnamese_nfc_and_parse(tmp_path):
    import unicodedata
    for template in TEMPLATES.glob("*.md"):
        text = template.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text
        assert "Ví dụ" in text and "bắt buộc" in text


# ------------------------------------------------------------------ dienhinh new

def required_left_blank(collection: str) -> set[str]:
    spec = COLLECTIONS[collection]
    return {f.name for f in spec.fields if f.required} - {spec.title_field, "date"}


def example_line(spec: Field) -> str:
    value = spec.example
    return f"{spec.name}: [{', '.join(value)}]" if isinstance(value, list) else f"{spec.name}: {value}"


@pytest.mark.parametrize("kind,collection,name", [
    ("person", "people", "Nguyễn Thị Đức"),
    ("model", "models", "Mô hình: Bữa cơm công đoàn"),
    ("movement", "movements", "Xanh - Sạch - Đẹp"),
    ("page", "pages", "Liên hệ"),
])
def test_new_creates_a_draft_that_validates_and_publishes_once_filled(tmp_path, kind, collection, name):
    project = make_project(tmp_path, {"movements/lao-dong-gioi.md": MOVEMENT})
    result = run(project, "new", kind, name)
    assert result.returncode == 0, result.stderr
    path = project / "content" / collection / f"{slugify(name)}.md"
    assert path.is_file() and str(path.relative_to(project)) in result.stdout
    _, data = front_matter(path.read_text(encoding="utf-8"))
    spec = COLLECTIONS[collection]
    assert data[spec.title_field] == name and data["draft"] is True
    if spec.field("date"):
        assert str(data["date"]) == TODAY

    checked = run(project, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    own = [line for line in checked.stdout.splitlines() if line.startswith(f"content/{collection}/")]
    reported = {re.search(r": cảnh báo: (\w+) — \(bản nháp", line).group(1) for line in own}
    assert reported == required_left_blank(collection), own

    text = path.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    for field_name in required_left_blank(collection):
        text = re.sub(rf"^{field_name}:.*$", example_line(spec.field(field_name)), text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    checked = run(project, "validate")
    assert checked.returncode == 0 and f"content/{collection}/" not in checked.stdout, checked.stdout


def test_new_refuses_to_overwrite(tmp_path):
    project = make_project(tmp_path)
    assert run(project, "new", "person", "Đào Việt Hưng").returncode == 0
    path = project / "content/people/dao-viet-hung.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐã viết thêm.\n", encoding="utf-8")
    again = run(project, "new", "person", "Đào Việt Hưng")
    assert again.returncode == 1
    assert "đã có tệp content/people/dao-viet-hung.md" in again.stderr and "không ghi đè" in again.stderr
    assert "Đã viết thêm." in path.read_text(encoding="utf-8")


def test_new_explains_a_missing_template_and_an_unknown_kind(tmp_path):
    project = make_project(tmp_path)
    (project / "templates" / "honours.md").unlink(missing_ok=True)
    result = run(project, "new", "honour", "Hội nghị biểu dương 2025")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert 'chưa có mẫu cho loại "honour": cần tệp templates/honours.md' in result.stderr
    assert not (project / "content" / "honours").exists()
    result = run(project, "new", "nguoi", "Đào Việt Hưng")
    assert result.returncode == 1 and "movement, model, person, honour, page" in result.stderr


# ------------------------------------------------------------------ problems in the Git web UI

BROKEN = {
    "movements/lao-dong-gioi.md": MOVEMENT,
    # line 3: unknown unit; line 4: bad date; line 5: unknown key with % and :
    "people/loi-don-vi.md": "---\nname: Lỗi Đơn Vị\nunit: benh-vien-da-khoa-tin\ndate: 2020-13-01\n"
                            "ghi%chu: 1\n---\n",
    # a warning: soft hyphen on line 2
    "people/gach-noi.md": "---\nname: Nguy\u00adễn Văn An\nunit: benh-vien-da-khoa-tinh\ndate: 2020-06-26\n---\n",
    # a comma in the path
    "people/Sai,Ten.md": "---\nname: Sai Tên\nunit: benh-vien-da-khoa-tinh\ndate: 2020-06-26\n---\n",
}
ANNOTATION = re.compile(r"^::(?P<kind>error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


def annotations(text: str) -> list[dict]:
    found = []
    for line in text.splitlines():
        match = ANNOTATION.match(line)
        if match:
            props = dict(part.split("=", 1) for part in match.group("props").split(","))
            found.append({"kind": match.group("kind"), **props, "message": match.group("message")})
    return found


def test_github_annotations_name_file_line_and_message(tmp_path):
    project = make_project(tmp_path, BROKEN)
    placeholder = run(project, "validate", "--format", "github")
    assert "giải thích:" not in placeholder.stdout  # the sample's site_url is a placeholder: no dead links
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://dienhinh.ldld-laichau.example/",
                                                                 "https://dien-hinh.kiem-thu.vn/"), encoding="utf-8")
    result = run(project, "validate", "--format", "github")
    assert result.returncode == 1
    found = annotations(result.stdout)
    assert len(found) == len(result.stdout.splitlines()), result.stdout

    unit = next(a for a in found if a["title"] == "lỗi%3A unit")
    assert unit["kind"] == "error" and unit["file"] == "content/people/loi-don-vi.md" and unit["line"] == "3"
    assert 'không có đơn vị mã "benh-vien-da-khoa-tin"' in unit["message"]
    assert 'có phải ý bạn là "benh-vien-da-khoa-tinh"?' in unit["message"]
    assert unit["message"].endswith("(giải thích: https://dien-hinh.kiem-thu.vn/huong-dan-bien-tap/"
                                    "#ma-khong-co-trong-danh-muc)")

    date = next(a for a in found if a["title"] == "lỗi%3A date")
    assert date["line"] == "4" and 'ngày "2020-13-01" không có: tháng 13 không có' in date["message"]
    assert date["message"].endswith("/huong-dan-bien-tap/#ngay-khong-co)")

    key = next(a for a in found if a["title"] == "lỗi%3A ghi%25chu")  # % escaped in a property
    assert key["line"] == "5" and key["message"].startswith("ghi%25chu — trường không có trong mẫu")

    hyphen = next(a for a in found if a["file"] == "content/people/gach-noi.md")
    assert hyphen["kind"] == "warning" and hyphen["line"] == "2" and "gạch nối ẩn" in hyphen["message"]

    comma = next(a for a in found if "Sai" in a["file"])
    assert comma["file"] == "content/people/Sai%2CTen.md"  # a comma would end the property


def test_gitlab_code_quality_report(tmp_path):
    project = make_project(tmp_path, BROKEN)
    result = run(project, "validate", "--format", "gitlab", "--output", "quality.json")
    assert result.returncode == 1
    assert "content/people/loi-don-vi.md:3: lỗi: unit" in result.stdout  # text still printed for the log
    report = json.loads((project / "quality.json").read_text(encoding="utf-8"))
    unit = next(i for i in report if i["description"].startswith("unit — "))
    assert unit["location"] == {"path": "content/people/loi-don-vi.md", "lines": {"begin": 3}}
    assert unit["severity"] == "major" and unit["check_name"] == "dienhinh/ma-khong-co-trong-danh-muc"
    assert 'không có đơn vị mã "benh-vien-da-khoa-tin"' in unit["description"]
    hyphen = next(i for i in report if i["location"]["path"] == "content/people/gach-noi.md")
    assert hyphen["severity"] == "minor" and hyphen["location"]["lines"]["begin"] == 2
    fingerprints = [i["fingerprint"] for i in report]
    assert len(set(fingerprints)) == len(report)

    # Lines added above a problem move it but keep its fingerprint: GitLab sees it as the same issue.
    path = project / "content/people/loi-don-vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n# ghi chú\n", 1), encoding="utf-8")
    run(project, "validate", "--format", "gitlab", "--output", "quality.json")
    again = json.loads((project / "quality.json").read_text(encoding="utf-8"))
    moved = next(i for i in again if i["description"].startswith("unit — "))
    assert moved["location"]["lines"]["begin"] == 4 and moved["fingerprint"] == unit["fingerprint"]


# ------------------------------------------------------------------ CI workflow files

WORKFLOWS = {
    "github": ROOT / "ci-templates/github/dienhinh.yml",
    "gitlab": ROOT / "ci-templates/gitlab/.gitlab-ci.yml",
    "gitea": ROOT / "ci-templates/gitea/dienhinh.yml",
}


def commands(workflow: dict) -> list[str]:
    found = []
    for job in workflow.get("jobs", workflow).values():
        if not isinstance(job, dict):
            continue
        for step in job.get("steps", []):
            found += [line.strip() for line in str(step.get("run", "")).splitlines()]
        found += [str(line).strip() for line in job.get("script", [])]
    return [c for c in found if c.startswith(("make ", "dienhinh ", ".venv/bin/dienhinh "))]


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow_is_valid_yaml_and_uses_the_readme_commands(name):
    workflow = yaml.safe_load(WORKFLOWS[name].read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    used = commands(workflow)
    assert any(c.startswith("make validate") for c in used) and "make site" in used, used
    for command in used:
        assert f"`{command}`" in readme or f"\n{command}" in readme, f"{command} is not in the README"


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_publishing_keeps_the_build_cache_between_runs(name):
    """Without it every publication redraws every social card and reprocesses every photo."""
    workflow = yaml.safe_load(WORKFLOWS[name].read_text(encoding="utf-8"))
    if name == "gitlab":
        assert workflow["pages"]["cache"]["paths"] == [".cache/"]
        return
    steps = workflow["jobs"]["publish"]["steps"]
    cache = next(i for i, step in enumerate(steps) if str(step.get("uses", "")).startswith("actions/cache@"))
    build = next(i for i, step in enumerate(steps) if step.get("run") == "make site")
    assert steps[cache]["with"]["path"] == ".cache" and steps[cache]["with"]["restore-keys"] and cache < build


@pytest.mark.parametrize("name", ["github", "gitea"])
def test_actions_validate_everywhere_and_publish_only_main_after_validation(name):
    workflow = yaml.safe_load(WORKFLOWS[name].read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers and "branches" not in (triggers["push"] or {})
    validate, publish = workflow["jobs"]["validate"], workflow["jobs"]["publish"]
    assert "if" not in validate
    assert publish["needs"] == "validate" and "refs/heads/main" in publish["if"]
    assert "pull_request" in publish["if"]


def test_gitlab_validates_merge_requests_and_publishes_only_main():
    workflow = yaml.safe_load(WORKFLOWS["gitlab"].read_text(encoding="utf-8"))
    assert any("merge_request_event" in rule["if"] for rule in workflow["workflow"]["rules"])
    assert "rules" not in workflow["validate"]
    assert workflow["validate"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "gl-code-quality-report.json" in " ".join(workflow["validate"]["script"])
    assert workflow["pages"]["needs"] == ["validate"]
    assert workflow["pages"]["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
