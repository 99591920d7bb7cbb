"""The catalog on in-memory entries: references, publication, aliases, relations and orders."""

from __future__ import annotations

from datetime import date

from conftest import entry, memory_site

from dienhinh.content.entries import Consent


def people_and_models():
    return [
        entry("movement", "lao-dong-gioi", title="Lao động giỏi"),
        entry("person", "le-thi-binh", title="Lê Thị Bình", unit="benh-vien-da-khoa-tinh",
              movements=["lao-dong-gioi"], initiatives=["rau-sach"], date=date(2021, 3, 1)),
        entry("person", "nguyen-van-an", title="Nguyễn Văn An", unit="benh-vien-da-khoa-tinh",
              movements=["lao-dong-gioi"], date=date(2022, 3, 1)),
        entry("model", "rau-sach", title="Vườn rau sạch", kind="sang-kien", units=["benh-vien-da-khoa-tinh"],
              movements=["lao-dong-gioi"], date=date(2020, 1, 1)),
    ]


def test_unknown_references_are_errors_naming_the_field(tmp_path, vocabularies):
    entries = [*people_and_models(),
               entry("person", "tran-van-cuong", title="Trần Văn Cường", unit="benh-vien-da-khoa-tinh",
                     movements=["lao-dong-gio"])]
    _site, problems = memory_site(tmp_path, vocabularies, entries)
    errors = [(p.path, p.field) for p in problems.errors]
    assert errors == [("content/people/tran-van-cuong.md", "movements[0]")]
    assert "lao-dong-gioi" in problems.errors[0].hint


def test_relations_run_both_ways_and_members_are_newest_first(tmp_path, vocabularies):
    site, problems = memory_site(tmp_path, vocabularies, people_and_models())
    catalog = site.catalog
    assert not problems.items
    assert [p.id for p in catalog.model_people["rau-sach"]] == ["le-thi-binh"]
    assert [m.id for m in catalog.person_models["le-thi-binh"]] == ["rau-sach"]
    assert [e.id for e in catalog.members_of("lao-dong-gioi")] == ["nguyen-van-an", "le-thi-binh", "rau-sach"]


def test_people_are_ordered_by_given_name_first(tmp_path, vocabularies):
    site, _ = memory_site(tmp_path, vocabularies, people_and_models())
    assert [p.name for p in site.people_order] == ["Nguyễn Văn An", "Lê Thị Bình"]
    letter_of, letters = site.people_letters
    assert letter_of == {"people/nguyen-van-an": "A", "people/le-thi-binh": "B"}
    assert [letter for letter, _url in letters] == ["A", "B"]


def test_drafts_and_future_entries_wait_unless_previewed(tmp_path, vocabularies):
    entries = [*people_and_models(),
               entry("person", "draft", title="Bản Nháp", unit="benh-vien-da-khoa-tinh", draft=True),
               entry("person", "later", title="Sau Này", unit="benh-vien-da-khoa-tinh", date=date(2025, 6, 2))]
    public, _ = memory_site(tmp_path / "a", vocabularies, entries, today=date(2025, 6, 1))
    assert set(public.catalog.people) == {"le-thi-binh", "nguyen-van-an"}
    assert set(public.catalog.hidden) == {"people/draft", "people/later"}
    preview, _ = memory_site(tmp_path / "b", vocabularies, entries, preview=True)
    assert {"draft", "later"} <= set(preview.catalog.people)


def test_a_renamed_entry_is_found_by_its_old_name(tmp_path, vocabularies):
    entries = people_and_models()
    entries[3] = entry("model", "vuon-rau-sach", title="Vườn rau sạch", kind="sang-kien", uid="rau-sach",
                       units=["benh-vien-da-khoa-tinh"])
    site, problems = memory_site(tmp_path, vocabularies, entries)
    assert not problems.errors
    assert site.catalog.aliases == {"models": {"rau-sach": "vuon-rau-sach"}}
    assert site.catalog.resolve("models", "rau-sach").id == "vuon-rau-sach"
    assert [m.id for m in site.catalog.person_models["le-thi-binh"]] == ["vuon-rau-sach"]


def test_descriptions_come_from_the_vocabularies(tmp_path, vocabularies):
    site, _ = memory_site(tmp_path, vocabularies, people_and_models())
    catalog = site.catalog
    person, model = catalog.people["le-thi-binh"], catalog.models["rau-sach"]
    unit = vocabularies["units"].name_of("benh-vien-da-khoa-tinh")
    assert unit and unit != "benh-vien-da-khoa-tinh"
    assert catalog.subtitle(person) == unit
    assert catalog.subtitle(model) == unit
    assert catalog.kind_label(model) == vocabularies["model_kinds"].name_of("sang-kien")
    assert catalog.kind_label(person) == vocabularies.labels["kinds"]["people"]


def test_a_biography_without_consent_is_not_public(tmp_path, vocabularies):
    entries = people_and_models()
    entries[1].consent = Consent(biography=True, date=date(2025, 1, 1))
    site, _ = memory_site(tmp_path, vocabularies, entries)
    assert site.catalog.people["le-thi-binh"].biography_public
    assert not site.catalog.people["nguyen-van-an"].biography_public
