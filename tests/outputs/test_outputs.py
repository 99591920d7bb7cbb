"""Each output on an in-memory site: what it writes, read back as a reader would."""

from __future__ import annotations

import csv
import json
from datetime import date

import feedparser
from conftest import entry, memory_site

from dienhinh.content.entries import Award, Consent
from dienhinh.outputs import OUTPUTS
from dienhinh.outputs.feeds import write_feeds
from dienhinh.outputs.open_data import write_open_data
from dienhinh.outputs.redirects import write_redirects
from dienhinh.outputs.search import records
from dienhinh.outputs.sitemap import write_sitemap
from dienhinh.progress import Progress

QUIET = Progress(enabled=False)


def site_of(tmp_path, vocabularies, extra: list | None = None):
    entries = [
        entry("movement", "lao-dong-gioi", title="Lao động giỏi"),
        entry("person", "le-thi-binh", title="Lê Thị Bình", unit="benh-vien-da-khoa-tinh", gender="nu",
              leader=True, movements=["lao-dong-gioi"], summary="Gương tiêu biểu.", date=date(2021, 3, 1),
              awards=[Award("bang-khen-tld", 2020, decision="1234/QĐ-TLĐ")]),
        entry("model", "vuon-rau", title="=HYPERLINK(\"x\") vườn rau", kind="sang-kien", uid="rau-sach",
              units=["benh-vien-da-khoa-tinh"], movements=["lao-dong-gioi"], date=date(2022, 1, 1)),
        entry("person", "nhap", title="Bản Nháp", unit="benh-vien-da-khoa-tinh", draft=True),
        *(extra or []),
    ]
    site, problems = memory_site(tmp_path, vocabularies, entries)
    assert not problems.errors, problems.errors
    return site


def test_every_output_is_registered_once():
    assert len(set(OUTPUTS)) == len(OUTPUTS)
    assert {output.__name__ for output in OUTPUTS} >= {"write_feeds", "write_open_data", "write_index",
                                                        "write_sitemap", "write_redirects", "honour_pdfs"}


def test_feeds_hold_published_entries_with_stable_ids(tmp_path, vocabularies):
    site = site_of(tmp_path, vocabularies)
    out = tmp_path / "out"
    report = write_feeds(site, out, QUIET)
    assert report.feeds == report.count and report.count >= 8  # site, models, people, the movement: RSS and Atom
    rss = feedparser.parse((out / "nguon-tin/rss.xml").read_bytes())
    atom = feedparser.parse((out / "nguon-tin/atom.xml").read_bytes())
    assert not rss.bozo and not atom.bozo
    assert [item.link for item in rss.entries] == ["https://vd.example/mo-hinh/vuon-rau/",
                                                   "https://vd.example/ca-nhan/le-thi-binh/"]
    assert '=HYPERLINK("x") vườn rau' in rss.entries[0].title and "Lê Thị Bình" in rss.entries[1].title
    assert [item.id for item in rss.entries] == [item.id for item in atom.entries]
    assert all(item.id.startswith("urn:uuid:") for item in rss.entries)
    assert rss.entries[1].link == "https://vd.example/ca-nhan/le-thi-binh/"
    people = feedparser.parse((out / "nguon-tin/ca-nhan/rss.xml").read_bytes())
    assert [item.link for item in people.entries] == ["https://vd.example/ca-nhan/le-thi-binh/"]
    again = tmp_path / "again"
    write_feeds(site_of(tmp_path / "b", vocabularies), again, QUIET)
    assert (again / "nguon-tin/rss.xml").read_bytes() == (out / "nguon-tin/rss.xml").read_bytes()


def test_a_long_feed_title_is_cut_at_a_word_and_keeps_kind_and_unit(tmp_path, vocabularies):
    """Facebook shows about 100 characters: a long name with several units is cut at a word, with "…"."""
    name = ("Ứng dụng phương pháp điều trị tắc tia sữa sau sinh bằng chiếu đèn hồng ngoại kết hợp xoa bóp "
            "tại khoa Sản của bệnh viện và các trạm y tế tuyến xã")
    units = ["benh-vien-da-khoa-tinh", "trung-tam-y-te-tan-uyen", "ldld-tinh"]
    long_one = entry("model", "tac-tia-sua", title=name, kind="sang-kien", units=units, date=date(2023, 1, 1))
    site = site_of(tmp_path, vocabularies, [long_one])
    out = tmp_path / "out"
    write_feeds(site, out, QUIET)
    item = next(e for e in feedparser.parse((out / "nguon-tin/mo-hinh/rss.xml").read_bytes()).entries
                if e.link.endswith("/tac-tia-sua/"))
    title = item.title
    kind = vocabularies["model_kinds"].name_of("sang-kien")
    unit = vocabularies["units"].terms["benh-vien-da-khoa-tinh"]
    assert len(title) <= 100 and title.startswith(f"{kind}: ")
    assert unit.get("short") in title or unit.name in title
    shown = title.removeprefix(f"{kind}: ").split("…")[0]
    assert "…" in title and len(shown) >= 20 and name.startswith(shown + " ")  # cut between words
    assert name not in title


def test_open_data_has_public_fields_only_and_formulas_stay_text(tmp_path, vocabularies):
    site = site_of(tmp_path, vocabularies)
    out = tmp_path / "out"
    write_open_data(site, out, QUIET)
    people = json.loads((out / "du-lieu/ca-nhan.json").read_text(encoding="utf-8"))
    assert [item["name"] for item in people["items"]] == ["Lê Thị Bình"]
    assert not {"gender", "leader", "direct_worker"} & set(people["items"][0])
    with open(out / "du-lieu/mo-hinh.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["Tên mô hình, sáng kiến"].startswith("'=HYPERLINK")
    awards = json.loads((out / "du-lieu/khen-thuong.json").read_text(encoding="utf-8"))["items"]
    assert [(a["recipient_id"], a["form_id"], a["year"]) for a in awards] == [("le-thi-binh", "bang-khen-tld", 2020)]


def test_an_old_name_redirects_to_the_new_address(tmp_path, vocabularies):
    site = site_of(tmp_path, vocabularies)
    out = tmp_path / "out"
    assert write_redirects(site, out, QUIET).count == 1
    page = (out / "mo-hinh/rau-sach/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=https://vd.example/mo-hinh/vuon-rau/"' in page and 'name="robots" content="noindex"' in page


def test_sitemap_lists_rendered_pages_with_content_dates_but_not_the_editor(tmp_path, vocabularies):
    site = site_of(tmp_path, vocabularies)
    out = tmp_path / "out"
    for folder in ("", "ca-nhan/le-thi-binh/", "mo-hinh/vuon-rau/", "admin/", "mo-hinh/rau-sach/"):
        (out / folder).mkdir(parents=True, exist_ok=True)
        (out / folder / "index.html").write_text("<p>x</p>", encoding="utf-8")
    write_sitemap(site, out, QUIET)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://vd.example/ca-nhan/le-thi-binh/</loc><lastmod>2021-03-01</lastmod>" in sitemap.replace("\n", "").replace(" ", "")
    assert "admin/" not in sitemap and "rau-sach" not in sitemap
    assert "Sitemap: https://vd.example/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")


def test_search_records_say_what_the_page_says_and_keep_private_text_out(tmp_path, vocabularies):
    private = entry("person", "kin-dao", title="Kín Đáo", unit="benh-vien-da-khoa-tinh", text="Chuyện riêng tư.")
    public = entry("person", "cong-khai", title="Công Khai", unit="benh-vien-da-khoa-tinh", text="Chuyện được kể.",
                   consent=Consent(biography=True, date=date(2025, 1, 1)))
    site = site_of(tmp_path, vocabularies, [private, public])
    found = {record.url: record for record in records(site)}
    assert set(found) == {"ca-nhan/le-thi-binh/", "mo-hinh/vuon-rau/", "ca-nhan/kin-dao/", "ca-nhan/cong-khai/"}
    binh = found["ca-nhan/le-thi-binh/"]
    assert binh.kind == vocabularies.labels["kinds"]["people"]
    assert binh.unit == vocabularies["units"].name_of("benh-vien-da-khoa-tinh")
    assert binh.facets["movement"] == ["Lao động giỏi"]
    assert "riêng tư" not in found["ca-nhan/kin-dao/"].text
    assert "được kể" in found["ca-nhan/cong-khai/"].text
