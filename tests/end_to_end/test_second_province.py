"""A second province from the same code: examples/dien-bien has only mkdocs.yml and content/, and builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from conftest import ROOT, run
from lxml import html as lxml_html

EXAMPLE = ROOT / "examples" / "dien-bien"


@pytest.fixture(scope="module")
def dien_bien(tmp_path_factory):
    base = tmp_path_factory.mktemp("dien-bien")
    project = base / "examples" / "dien-bien"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site", "build", ".cache"))
    shutil.copytree(ROOT / "theme", base / "theme")  # mkdocs.yml: custom_dir: ../../theme
    result = run(project, "build", today="2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


def test_the_example_holds_configuration_and_content_only():
    assert sorted(p.name for p in EXAMPLE.iterdir() if p.name not in ("site", "build", ".cache")) == [
        "content", "mkdocs.yml"]
    assert not [p for p in (EXAMPLE / "content").rglob("*") if p.suffix not in ("", ".md", ".yml")]


def test_it_builds_with_its_own_identity_and_nothing_of_lai_chau(dien_bien):
    project, result = dien_bien
    assert "0 cảnh báo" in result.stderr
    home = lxml_html.parse(str(project / "site/index.html")).getroot()
    assert "Điện Biên" in home.findtext(".//title")
    texts = [path for path in (project / "site").rglob("*")
             if path.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".yml", ".js")]
    leaked = [path.relative_to(project / "site").as_posix() for path in texts
              if "Lai Châu" in path.read_text(encoding="utf-8", errors="replace")]
    assert not leaked


def test_its_movements_are_published_with_their_source(dien_bien):
    project, _ = dien_bien
    page = lxml_html.parse(str(project / "site/phong-trao/tham-muu-gioi-phuc-vu-tot/index.html")).getroot()
    text = " ".join(page.text_content().split())
    assert "Khối đơn vị hành chính, sự nghiệp" in text
    assert ("Kế hoạch về đổi mới công tác thi đua, khen thưởng trong công nhân, viên chức, lao động và hoạt động "
            "Công đoàn tỉnh Điện Biên") in text
    feed = feedparser.parse((project / "site/nguon-tin/rss.xml").read_bytes())
    assert not feed.bozo and "Điện Biên" in feed.feed.title
    movement_feed = feedparser.parse((project / "site/nguon-tin/phong-trao/tham-muu-gioi-phuc-vu-tot/rss.xml")
                                     .read_bytes())
    assert not movement_feed.bozo and "Tham mưu giỏi, phục vụ tốt" in movement_feed.feed.title


def test_the_share_of_individuals_target_page_states_the_plans_figures(dien_bien):
    project, _ = dien_bien
    text = " ".join(lxml_html.parse(str(project / "site/gioi-thieu/index.html")).getroot().text_content().split())
    assert "ít nhất 15% số cá nhân được khen thưởng trong năm" in text
    assert "Lê Thanh Hà" in text


def test_its_colours_reach_every_page_from_the_style_sheet(dien_bien, chromium, serve_folder):
    """mkdocs.yml's extra.organisation.colors (primary #1b5e20, accent #8e2418) end the site's style sheet, once,
    instead of an inline style in each page."""
    project, _ = dien_bien
    site = project / "site"
    pages = [lxml_html.parse(str(p)).getroot() for p in site.rglob("*.html")]
    themed = [page for page in pages if page.xpath("//head/link[contains(@href, 'dienhinh.css')]")]
    assert len(themed) > 10 and not [page for page in themed if page.xpath("//head/style")]
    assert (site / "assets/stylesheets/dienhinh.css").read_text(encoding="utf-8").count("#1b5e20") >= 2
    tab = chromium.new_page()
    tab.goto(serve_folder(site) + "phong-trao/tham-muu-gioi-phuc-vu-tot/")
    colours = tab.evaluate("""[getComputedStyle(document.querySelector('.md-header')).backgroundColor,
                              getComputedStyle(document.body).getPropertyValue('--dh-red').trim()]""")
    assert colours == ["rgb(27, 94, 32)", "#8e2418"]
    tab.close()
