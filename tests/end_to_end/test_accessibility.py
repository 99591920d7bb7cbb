"""The public site in a real browser at phone and desktop size: axe-core finds nothing, the Nu Html
Checker finds nothing, names and the header are never cut, charts stay readable on a phone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, require

AXE = ROOT / "tests/node/node_modules/axe-core/axe.min.js"
VNU = ROOT / "tests/node/node_modules/vnu-jar/build/dist/vnu.jar"
SIZES = [(360, 740), (1366, 768)]


def _entries(site: Path, prefix: str) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / prefix).glob("*/index.html"))


def _first_entry(site: Path, prefix: str) -> str:
    return _entries(site, prefix)[0]


def page_types(site: Path) -> dict[str, str]:
    """One address of every kind of page, found in the built site rather than listed by hand."""
    roll = _first_entry(site, "vinh-danh")
    return {
        "home": "",
        "movement": _first_entry(site, "phong-trao"),
        "model": _first_entry(site, "mo-hinh"),
        "person": _first_entry(site, "ca-nhan"),
        "movements": "phong-trao/", "models": "mo-hinh/", "people A–Z": "ca-nhan/",
        "fields": "linh-vuc/", "field": _first_entry(site, "linh-vuc"),
        "localities": "dia-ban/", "years": "nam/",
        "search with results": "tim-kiem/?q=lao+dong", "search without results": "tim-kiem/?q=qxzqxz",
        "statistics": "thong-ke/", "open data": "du-lieu/", "feeds": "nguon-tin/",
        "honour rolls": "vinh-danh/", "honour roll": roll, "print view": roll + "ban-in/",
        "board": roll + "bang-vinh-danh/", "guide": "huong-dan-bien-tap/", "about": "gioi-thieu/",
        "not found": "404.html", "form editor": "admin/",
    }


@pytest.fixture(scope="module")
def site(sample_build) -> Path:
    return sample_build / "site"


@pytest.fixture(scope="module")
def axe_source() -> str:
    require(AXE.is_file(), "axe-core (npm ci --prefix tests/node)", "DIENHINH_REQUIRE_BROWSER")
    return AXE.read_text(encoding="utf-8")


def _open(tab, url: str) -> None:
    tab.goto(url, wait_until="load")
    if "admin/" in url:
        tab.wait_for_selector("main, [role=main]", timeout=15000)  # Decap draws its screen after loading
    tab.wait_for_timeout(150)


@pytest.mark.parametrize("width,height", SIZES, ids=["phone", "desktop"])
def test_axe_finds_no_violation_on_any_page_type(site, chromium, serve_folder, axe_source, width, height):
    base = serve_folder(site)
    tab = chromium.new_page(viewport={"width": width, "height": height})
    found = {}
    for kind, path in page_types(site).items():
        _open(tab, base + path)
        tab.add_script_tag(content=axe_source)
        violations = tab.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
        if violations:
            found[f"{kind} ({path})"] = violations
    tab.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_no_page_scrolls_sideways_on_a_phone(site, chromium, serve_folder):
    base = serve_folder(site)
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    wide = {}
    for kind, path in page_types(site).items():
        _open(tab, base + path)
        width = tab.evaluate("document.scrollingElement.scrollWidth")
        if width > 360:
            wide[kind] = width
    tab.close()
    assert not wide, wide


def test_html_checker_finds_no_error_in_the_whole_site(site):
    java = shutil.which("java")
    require(bool(java) and VNU.is_file(), "Java and the Nu Html Checker (vnu-jar)", "DIENHINH_REQUIRE_JAVA")
    result = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", str(site)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    checked = sum(1 for _ in site.rglob("*.html"))
    errors = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m.get("type") == "error"]
    assert checked > 50 and not errors, "\n".join(errors[:40])


# Every word of a name lies on one line: a Range over the word has a single box.
_BROKEN_WORDS = """selector => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_names_are_never_broken_inside_a_word_on_a_phone(site, chromium, serve_folder):
    base = serve_folder(site)
    pages = page_types(site)
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    broken, seen = {}, 0
    for path in [*_entries(site, "vinh-danh"), *(pages[k] for k in ("people A–Z", "home", "field", "search with results"))]:
        kind = path
        _open(tab, base + path)
        tab.wait_for_timeout(300)
        seen += tab.evaluate("document.querySelectorAll('.dh-roll__name, .dh-card__title, .dh-result__title').length")
        words = tab.evaluate(_BROKEN_WORDS, ".dh-roll__name, .dh-card__title, .dh-result__title")
        if words:
            broken[kind] = words
    tab.close()
    assert seen > 20 and not broken, broken


def test_header_shows_the_organisation_and_title_in_full_on_a_phone(site, chromium, serve_folder):
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    organisation = config["extra"]["organisation"]
    base = serve_folder(site)
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    for path in ("", page_types(site)["person"], "thong-ke/"):
        _open(tab, base + path)
        shown = tab.evaluate("""() => [...document.querySelectorAll('.dh-brand__text > *, .dh-brand__text > * > *')]
            .filter(e => e.getClientRects().length).map(e => {
              const r = e.getBoundingClientRect();
              return {text: e.textContent.trim(), right: r.right, left: r.left,
                      clipped: e.scrollWidth > e.clientWidth + 1};
            })""")
        texts = [item["text"] for item in shown]
        assert organisation["site_title"] in texts and organisation["short_name"] in " ".join(texts), shown
        for item in shown:
            assert not item["clipped"] and item["left"] >= 0 and item["right"] <= 360, item
        assert tab.evaluate("!!document.querySelector('.dh-brand img[src$=\".svg\"]')")
    tab.close()


def test_statistics_charts_are_readable_on_a_phone(site, chromium, serve_folder):
    base = serve_folder(site)
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    _open(tab, base + "thong-ke/")
    sizes = tab.evaluate("""() => [...document.querySelectorAll('.dh-bars *')]
        .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
        .map(e => ({text: e.textContent.trim().slice(0, 40), size: parseFloat(getComputedStyle(e).fontSize),
                    right: e.getBoundingClientRect().right}))""")
    tab.close()
    assert len(sizes) > 20
    small = [s for s in sizes if s["size"] < 12 or s["right"] > 360]
    assert not small, small


def test_staff_guide_leaves_the_public_menu_for_the_footer_and_the_editor(site):
    import yaml
    from lxml import html as lxml_html

    home = lxml_html.fromstring((site / "index.html").read_text(encoding="utf-8"))
    menu = home.xpath("//nav[contains(@class,'md-tabs')]//a/@href")
    footer = home.xpath("//*[contains(@class,'dh-footer__links')]//a/@href")
    assert menu and not [href for href in menu if "huong-dan-bien-tap" in href]
    assert "huong-dan-bien-tap/" in footer and "admin/" in footer
    admin = lxml_html.fromstring((site / "admin/index.html").read_text(encoding="utf-8"))
    guide = admin.xpath("//nav//a/@href")
    assert guide and (site / "admin" / guide[0] / "index.html").resolve().is_file()
    logo = yaml.safe_load((site / "admin/config.yml").read_text(encoding="utf-8"))["logo"]["src"]
    assert (site / "admin" / logo).resolve().is_file()
