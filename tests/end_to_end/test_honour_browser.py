"""Honour-roll pages in Chromium: printing gives A4 pages, the unit filter and name search work."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import make_project, require_poppler, run

ROLL = """---
title: Tập thể, cá nhân được tặng Giấy khen năm 2025
issuer: ldld-tinh
decision:
  number: 07/QĐ-LĐLĐ
  date: 2025-02-06
award: giay-khen
signer:
  title: Phó Chủ tịch
  name: Nguyễn Văn Bình
date: 2025-02-10
recipients:
  - kind: tap-the
    name: Tổ Sao chè số 1
    unit: Công ty Chè Núi Xanh
  - kind: ca-nhan
    name: Bà Đặng Thị Hoa
    position: Công nhân
    unit: Công ty Chè Núi Xanh
  - kind: ca-nhan
    name: Ông Lò Văn Đức
    position: Giáo viên
    unit: Trường Mầm non Hoa Ban
  - kind: ca-nhan
    name: Vàng A Dế
    position: Bảo vệ
    unit: Trường Mầm non Hoa Ban
---
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("browser"), {"honours/giay-khen-2025.md": ROLL})
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    return project / "site"


def page_sizes(pdf) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", info)]


@pytest.mark.parametrize("url", ["vinh-danh/giay-khen-2025/ban-in/", "vinh-danh/giay-khen-2025/"])
def test_printing_the_roll_in_chromium_gives_a4_pages(site, chromium, serve_folder, tmp_path, url):
    require_poppler()
    tab = chromium.new_page()
    tab.goto(serve_folder(site) + url)
    tab.emulate_media(media="print")
    pdf = tmp_path / "in.pdf"
    tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    tab.close()
    sizes = page_sizes(pdf)
    # A4 is 210 x 297 mm = 595.3 x 841.9 pt; Letter (Chromium's default) would be 612 x 792.
    assert sizes and all(abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5 for w, h in sizes), sizes
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Đặng Thị Hoa" in text and "Vàng A Dế" in text


def test_unit_filter_and_search_without_diacritics(site, chromium, serve_folder):
    tab = chromium.new_page(viewport={"width": 360, "height": 740})
    tab.goto(serve_folder(site) + "vinh-danh/giay-khen-2025/")
    visible = lambda: tab.locator(".dh-roll-table tbody tr[data-search]:visible .dh-roll__name").all_inner_texts()
    assert len(visible()) == 4
    tab.select_option("select[name=unit]", label="Trường Mầm non Hoa Ban (2)")
    assert [n.strip() for n in visible()] == ["Ông Lò Văn Đức", "Vàng A Dế"]
    assert tab.locator(".dh-roll-filter__status").inner_text() == "Đang hiện 2/4 dòng"
    tab.select_option("select[name=unit]", value="")
    tab.fill(".dh-roll-filter input[name=q]", "dang thi")
    assert [n.strip() for n in visible()] == ["Bà Đặng Thị Hoa"]
    assert not tab.locator("#dh-roll-tap-the").is_visible()  # a section with no match is hidden
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    tab.close()
