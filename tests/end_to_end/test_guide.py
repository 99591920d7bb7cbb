"""The editors' guide explains every family of problem the validator can report.

The messages are read from the validator's source, so a new kind of problem
without an explanation in content/pages/huong-dan-bien-tap.md fails here.
"""

from __future__ import annotations

import ast

import pytest
import yaml
from conftest import ROOT
from dienhinh.content import frontmatter
from dienhinh.problems.families import FAMILIES_FILE, OTHER, family_of
from lxml import html as lxml_html

SOURCE = ROOT / "scripts" / "dienhinh"
# Messages that wrap another message (a YAML error with its column, a draft's downgraded error).
WRAPPERS = {"{} (cột {})", "(bản nháp, chưa được đăng) {}"}


def _template(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None  # a message passed on from elsewhere


def _is_problem_call(call: ast.Call) -> int | None:
    """The index of the message argument when this call reports a problem."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in ("add", "report"):
        return 2 if func.id == "report" else 3
    if isinstance(func, ast.Attribute) and func.attr in ("error", "warning"):
        receiver = ast.unparse(func.value)
        if receiver.endswith("problems"):
            return 3
        if receiver == "ctx":
            return 1
    return None


def emitted_messages() -> list[tuple[str, str]]:
    """(where, message with each placeholder as X) for every message the source can report."""
    found = []
    for module in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            index = _is_problem_call(node)
            if index is None or len(node.args) <= index:
                continue
            template = _template(node.args[index])
            if template is None or template in WRAPPERS:
                continue
            found.append((f"{module.relative_to(SOURCE)}:{node.lineno}", template.replace("{}", "X")))
    found += [("frontmatter._YAML_MESSAGES", message) for _needle, message, _hint in frontmatter._YAML_MESSAGES]
    found.append(("frontmatter._explain", frontmatter._explain(yaml.YAMLError("X"))[0]))
    return found


def test_the_source_scan_finds_the_validators_messages():
    messages = [m for _, m in emitted_messages()]
    assert len(messages) > 60
    assert "trường không có trong mẫu" in messages and "có đồng ý nhưng chưa ghi ngày đồng ý" in messages


def test_every_message_belongs_to_a_family_and_every_family_is_used():
    emitted = emitted_messages()
    orphans = [(where, message) for where, message in emitted if family_of(message) == OTHER]
    assert not orphans, f"add these to {FAMILIES_FILE.name}: {orphans}"
    used = {family_of(message) for _, message in emitted}
    declared = [item["key"] for item in yaml.safe_load(FAMILIES_FILE.read_text(encoding="utf-8"))]
    assert len(declared) == len(set(declared))
    assert set(declared) == used, f"families that match no message: {set(declared) - used}"


def test_a_drafts_downgraded_error_keeps_its_family():
    assert family_of("(bản nháp, chưa được đăng) thiếu trường bắt buộc unit (Đơn vị)") == "thieu-truong-bat-buoc"


@pytest.fixture(scope="module")
def guide(sample_build):
    project = sample_build
    return project, lxml_html.fromstring(
        (project / "site/huong-dan-bien-tap/index.html").read_text(encoding="utf-8"))


def test_the_guide_explains_every_family_under_its_anchor(guide):
    _, doc = guide
    body = doc.xpath("//article")[0]
    for item in yaml.safe_load(FAMILIES_FILE.read_text(encoding="utf-8")):
        heading = body.xpath(f"(.//h2|.//h3|.//h4|.//h5|.//h6)[@id='{item['key']}']")
        assert heading, f"the guide has no heading for {item['key']}"
        explanation = heading[0].xpath("string(following-sibling::*[1])")
        assert len(explanation.split()) >= 8, item["key"]  # a real explanation follows


def test_the_guide_is_in_the_navigation_and_covers_the_workflow(guide):
    project, doc = guide
    home = lxml_html.fromstring((project / "site/index.html").read_text(encoding="utf-8"))
    assert "huong-dan-bien-tap/" in " ".join(home.xpath("//nav//a/@href"))
    text = doc.xpath("string(//article)")
    for needle in ("templates/people.md", "/admin/", "make serve", "dienhinh new", "consent",
                   "GitHub", "GitLab", "Gitea", "Forgejo", "Code Quality", "bản nháp"):
        assert needle in text, needle
    toc = {a.text_content().strip(): a.get("href") for a in doc.xpath("//nav[@class='dh-toc']//a")}
    assert toc["Các thông báo lỗi và cách sửa"] == "#cac-thong-bao-loi-va-cach-sua"
    assert doc.xpath("//article//*[self::h2 or self::h3][@id='cac-thong-bao-loi-va-cach-sua']")
