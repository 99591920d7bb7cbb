"""The search index files: read back and decoded here, against a brute-force search of the records."""

from __future__ import annotations

import gzip
import json
import random
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import undelta
from dienhinh.outputs.search_index import SearchRecord, build, forms, terms, term_of, write
from dienhinh.text.vietnamese import clean_text, fold

FACETS = ("kind", "year", "award")
FAMILY = ["Nguyễn", "Đào", "Lò", "Lường", "Đặng", "Dương", "Trần"]
MIDDLE = ["Văn", "Thị", "Việt", "Ngọc"]
GIVEN = ["Hưng", "Thùy", "Đông", "Dong", "Hương", "An", "Anh", "Ánh", "Đoàn"]
PHRASES = ["công đoàn cơ sở", "Đoàn viên", "lao động sáng tạo", "tiết kiệm điện", "Trà Than Uyên",
           "đồng bào vùng cao", "động viên", "2020", "15/QĐ-LĐLĐ", "NĂNG SUẤT"]
AWARDS = ["Bằng khen của Thủ tướng Chính phủ", "Giấy khen", "Chiến sĩ thi đua cơ sở"]


def random_records(count: int, seed: int) -> list[SearchRecord]:
    rng = random.Random(seed)
    records = []
    for number in range(count):
        person = rng.random() < 0.5
        title = (f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" if person
                 else f"Mô hình {rng.choice(PHRASES)} {number}")
        text = " ".join(rng.choice(PHRASES + GIVEN) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.2:  # text as pasted from Word on a Mac: decomposed marks
            text = unicodedata.normalize("NFD", text)
        records.append(SearchRecord(
            url=f"muc/{number}/", title=title, kind="Gương cá nhân" if person else "Mô hình",
            unit=rng.choice(["", "Bệnh viện Đa khoa tỉnh", "Công ty Cổ phần Trà Than Uyên"]),
            summary=rng.choice(["", "Gương tiêu biểu.", "Đồng hành cùng đoàn viên."]),
            date=f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", text=text,
            facets={"kind": ["Gương cá nhân" if person else "Mô hình"], "year": [f"20{rng.randint(15, 24)}"],
                    "award": rng.sample(AWARDS, rng.randint(0, 2))}))
    return records



class Index:
    """The written index as the search page sees it, decoded independently of the writer."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        size = self.manifest["chunk"]
        self.urls = []
        for chunk in range((self.manifest["records"] + size - 1) // size):
            self.urls += [card["url"] for card in json.loads(gzip.decompress((folder / f"muc/{chunk}.json.gz").read_bytes()))]
        self.loc = json.loads(gzip.decompress((folder / "loc.json.gz").read_bytes()))

    def entries(self) -> dict[str, list]:
        found = {}
        for key in self.manifest["shards"]:
            for term, entry in json.loads(gzip.decompress((self.folder / f"tu/{key}.json.gz").read_bytes())).items():
                assert term[:2] == key, (term, key)
                found[term] = entry
        return found

    def terms(self) -> dict[str, tuple[set[str], set[str]]]:
        """Every term with the URLs of the records holding it, and of those holding it in the title."""
        return {term: ({self.urls[n] for n in undelta(entry[0])},
                       {self.urls[n] for n in undelta(entry[1])} if len(entry) > 1 else set())
                for term, entry in self.entries().items()}

    def forms(self) -> dict[str, tuple[set[str], set[str]]]:
        """Every form written with marks, with the URLs of the records holding it, and of those
        holding it in the title: the first form of a term lists the positions that do not."""
        found = {}
        for term, entry in self.entries().items():
            records, titles = undelta(entry[0]), undelta(entry[1]) if len(entry) > 1 else []
            for rank, (form, *lists) in enumerate(entry[2] if len(entry) > 2 else []):
                at, title_at = (undelta(lists[i]) if len(lists) > i else [] for i in (0, 1))
                if rank == 0:
                    held = [n for p, n in enumerate(records) if p not in at]
                    held_in_title = [n for p, n in enumerate(titles) if p not in title_at]
                else:
                    held, held_in_title = [records[p] for p in at], [titles[p] for p in title_at]
                assert form not in found and fold(form) == term, (form, term)
                found[form] = ({self.urls[n] for n in held}, {self.urls[n] for n in held_in_title})
        return found


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", fold(text)))


def marked_words(text: str) -> set[str]:
    """Words as written (lower case, NFC) that folding changes: what a query typed with marks ranks by."""
    return {w for w in re.findall(r"[^\W_]+", clean_text(text).lower()) if fold(w) != w}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    records = random_records(300, seed=7)
    folder = tmp_path_factory.mktemp("index")
    write(build(records, FACETS), folder)
    return records, Index(folder)


def test_every_term_lists_exactly_the_records_holding_it(written):
    records, index = written
    expected: dict[str, set[str]] = {}
    in_title: dict[str, set[str]] = {}
    for record in records:
        for word in words(" ".join((record.title, record.unit, record.summary, record.text))):
            expected.setdefault(word, set()).add(record.url)
        for word in words(record.title):
            in_title.setdefault(word, set()).add(record.url)
    terms = index.terms()
    assert set(terms) == set(expected)
    for term, (urls, title_urls) in terms.items():
        assert urls == expected[term], term
        assert title_urls == in_title.get(term, set()), term
    assert all(re.fullmatch(r"[a-z0-9]+", term) for term in terms)  # no marks, no đ, no capitals


@pytest.mark.parametrize("query", ["dong", "đông", "ĐOÀN VIÊN", "tra than uyen", "Trà Than Uyên", "15 qd",
                                   "nguyen van", "cong doan co so"])
def test_a_query_decoded_from_the_shards_equals_brute_force(written, query):
    records, index = written
    terms = index.terms()
    query_words = words(query)
    found = set(index.urls)
    for word in query_words:
        found &= terms.get(word, (set(), set()))[0]
    brute = {r.url for r in records
             if query_words <= words(" ".join((r.title, r.unit, r.summary, r.text)))}
    assert found == brute
    assert brute, "the query should find something in the fixture"


def test_every_form_lists_exactly_the_records_holding_it_as_written(written):
    records, index = written
    expected: dict[str, set[str]] = {}
    in_title: dict[str, set[str]] = {}
    for record in records:
        for word in marked_words(" ".join((record.title, record.unit, record.summary, record.text))):
            expected.setdefault(word, set()).add(record.url)
        for word in marked_words(record.title):
            in_title.setdefault(word, set()).add(record.url)
    found = index.forms()
    assert set(found) == set(expected)
    for form, (urls, title_urls) in found.items():
        assert urls == expected[form], form
        assert title_urls == in_title.get(form, set()), form
    # "đông" (a given name) and "động" (in "lao động", "động viên") are different words of one term
    assert {"đông", "động", "đồng", "đoàn"} <= set(found) and expected["đông"] != expected["động"]


def test_a_term_written_one_way_costs_only_its_form(tmp_path):
    records = [SearchRecord(url=f"{n}/", title=f"Nguyễn Văn {n}", kind="Gương cá nhân", date="2020-01-01")
               for n in range(40)]
    files = build(records, FACETS)
    shard = json.loads(gzip.decompress(files["tu/ng.json.gz"]))
    assert shard["nguyen"][2] == [["nguyễn"]]
    assert len(json.loads(gzip.decompress(files["tu/va.json.gz"]))["van"]) == 3
    plain = build([SearchRecord(url="a/", title="Lan 2020", kind="Mô hình", date="2020-01-01")], FACETS)
    assert json.loads(gzip.decompress(plain["tu/la.json.gz"]))["lan"] == [[0], [0]]  # written without marks: no forms at all


@pytest.mark.parametrize("seed", range(5))
def test_forms_cut_text_exactly_as_terms_do(seed):
    rng = random.Random(seed)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 -/,.ÐðɖƉ\u00ad\u200b"
    for _ in range(300):
        text = "".join(rng.choice(letters) + rng.choice(["", "", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"])
                       for _ in range(rng.randint(1, 20)))
        text = unicodedata.normalize(rng.choice(["NFC", "NFD"]), text)
        pairs = forms(text)
        assert [term for term, _ in pairs] == terms(text), text
        for term, form in pairs:
            assert term_of(form) == term and unicodedata.is_normalized("NFC", form) and form == form.lower(), text


def test_records_are_numbered_newest_first(written):
    records, index = written
    dates = {r.url: r.date for r in records}
    numbered = [dates[url] for url in index.urls]
    assert numbered == sorted(numbered, reverse=True)
    assert sorted(index.urls) == sorted(dates)


def test_facet_table_and_title_lengths_match_the_records(written):
    records, index = written
    by_url = {r.url: r for r in records}
    for name in FACETS:
        table = dict((value, {index.urls[n] for n in undelta(gaps)}) for value, gaps in index.loc["facets"][name])
        expected: dict[str, set[str]] = {}
        for record in records:
            for value in record.facets.get(name, []):
                expected.setdefault(value, set()).add(record.url)
        assert table == expected
    assert index.loc["title_words"] == [len(re.findall(r"[a-z0-9]+", fold(by_url[u].title))) for u in index.urls]


def test_same_records_give_the_same_bytes_in_any_order(tmp_path):
    records = random_records(120, seed=3)
    first = build(records, FACETS)
    shuffled = records[:]
    random.Random(1).shuffle(shuffled)
    assert build(shuffled, FACETS) == first
    changed = build([*records[:-1], SearchRecord(url="khac/", title="Khác", kind="Mô hình", date="2020-01-01")], FACETS)
    assert json.loads(changed["index.json"])["hash"] != json.loads(first["index.json"])["hash"]


def test_records_from_the_catalog_carry_the_terms_of_their_text(tmp_path):
    """Body words come from the cache folder on the second build: they must equal a fresh cut."""
    from conftest import make_project
    from dienhinh.outputs.search import records
    from dienhinh.outputs.search_index import form_set
    from dienhinh.pages.context import SiteContext
    from dienhinh.content.loader import load_content
    from dienhinh.progress import Progress
    from dienhinh.project import Project

    project = Project.load(make_project(tmp_path, sample=True) / "mkdocs.yml")
    prepared = load_content(project, Progress(enabled=False))
    site = SiteContext(project, prepared.catalog)
    first = records(site)
    assert (project.cache_dir / "search-text.json").is_file()
    second = records(site)
    assert first == second and len(first) > 20
    for record in second:  # rolls leave it to the index (None): they have no body to cache
        assert record.text_forms is None or set(record.text_forms) == form_set(record.text), record.url
    assert sum(r.text_forms is not None for r in second) == len(prepared.catalog.exemplars())
    assert any("cham soc suc khoe nhan dan" in fold(r.text) for r in second)  # bodies are in (only a body says it)


@pytest.mark.parametrize("seed", range(4))
def test_an_index_patched_from_the_last_build_is_byte_for_byte_a_fresh_one(seed, tmp_path):
    """Edits that keep the records' order (text, title words, unit, facets; a word that leaves the whole
    index, a new word) are patched into the last build's index, read back from its store."""
    import dataclasses

    from dienhinh.outputs.search import IndexStore
    from dienhinh.outputs.search_index import Index as SearchIndex

    rng = random.Random(seed)
    records = random_records(150, seed=10 + seed)
    IndexStore(tmp_path / "store").keep(SearchIndex.made(records, FACETS), "v")
    edited = records[:]
    for number in rng.sample(range(len(records)), 4):
        record = edited[number]
        edited[number] = dataclasses.replace(
            record, title=record.title + rng.choice(["", " Điện Biên", " mới"]),
            unit=rng.choice(["", "Trường Tiểu học Bình Lư"]), summary=f"Từ riêng{seed}x{number} đổi.",
            text=rng.choice(["", "ngữ văn đặc biệt", record.text[::-1]]),
            facets={**record.facets, "award": rng.sample(AWARDS, rng.randint(0, 2)), "field": ["Giáo dục"]})
    store = IndexStore(tmp_path / "store")
    kept = store.last("v")
    patched = SearchIndex.made(edited, FACETS, kept)
    assert patched is kept and len(patched.files) < len(patched.sealed)  # patched: only a few files encoded
    store.keep(patched, "v")
    store.publish(patched, tmp_path / "site")
    published = {path.relative_to(tmp_path / "site").as_posix(): path.read_bytes()
                 for path in (tmp_path / "site").rglob("*") if path.is_file()}
    assert published == build(edited, FACETS)
    assert IndexStore(tmp_path / "store").last("another version") is None


def test_an_index_store_holding_a_class_or_a_changed_file_is_not_read(tmp_path):
    import pickle

    from dienhinh.outputs.search import IndexStore
    from dienhinh.outputs.search_index import Index as SearchIndex

    store = IndexStore(tmp_path)
    store.keep(SearchIndex.made(random_records(30, seed=1), FACETS), "v")
    assert IndexStore(tmp_path).last("v") is not None
    stored = next(tmp_path.glob("*.json"))
    stored.write_bytes(stored.read_bytes() + b" ")  # as an edit through a link in site/ would
    assert IndexStore(tmp_path).last("v") is None
    (tmp_path / IndexStore.STATE).write_bytes(pickle.dumps({"version": "v", "facets": [], "urls": Path("x")}))
    assert IndexStore(tmp_path).last("v") is None


def test_an_index_state_whose_record_numbers_are_not_whole_is_not_read(tmp_path):
    """Record numbers are kept as the bytes of 4-byte arrays: a table cut short makes the next index a fresh one."""
    import pickle

    from dienhinh.outputs.search import IndexStore
    from dienhinh.outputs.search_index import Index as SearchIndex

    IndexStore(tmp_path).keep(SearchIndex.made(random_records(30, seed=2), FACETS), "v")
    last = IndexStore(tmp_path).last("v")
    assert last is not None and all(len(numbers) for numbers in last.postings.values())
    state = pickle.loads((tmp_path / IndexStore.STATE).read_bytes())
    term = next(iter(state["postings"]))
    state["postings"][term] = state["postings"][term] + b"\0"
    (tmp_path / IndexStore.STATE).write_bytes(pickle.dumps(state))
    assert IndexStore(tmp_path).last("v") is None
