"""The search page of the built sample site in Chromium: ranking by marks, results and the more
button for none, a few and many results, layout shift while results load, and axe-core.

Queries and counts come from the built index, decoded here, never from constants: the sample
content can change and the tests still check what the page shows against what the index holds."""

from __future__ import annotations

import gzip
import json
import random
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import undelta

AXE = Path(__file__).resolve().parents[1] / "node" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
PAGE = 10



class BuiltIndex:
    """The sample's search index as written: record titles and every term's entry."""

    def __init__(self, site: Path):
        folder = site / "tim-kiem" / "chi-muc"
        manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        self.titles: list[str] = []
        for chunk in range(-(-manifest["records"] // manifest["chunk"])):
            self.titles += [card["title"] for card in json.loads(gzip.decompress((folder / f"muc/{chunk}.json.gz").read_bytes()))]
        self.entries: dict[str, list] = {}
        for key in manifest["shards"]:
            self.entries.update(json.loads(gzip.decompress((folder / f"tu/{key}.json.gz").read_bytes())))

    def found(self, word: str) -> set[int]:
        """Records a one-word query finds: it is the last word, so every term beginning with it."""
        return {n for term, entry in self.entries.items() if term.startswith(word) for n in undelta(entry[0])}

    def holding(self, word: str, form: str) -> set[int]:
        """Of those, the records holding a word written as `form` (or beginning so)."""
        held = set()
        for term, entry in self.entries.items():
            if not term.startswith(word) or len(entry) < 3:
                continue
            records = undelta(entry[0])
            for rank, (written, *lists) in enumerate(entry[2]):
                positions = set(undelta(lists[0])) if lists else set()
                if written.startswith(form):
                    held |= ({n for p, n in enumerate(records) if p not in positions} if rank == 0
                             else {records[p] for p in positions})
        return held

    def query_finding(self, count: int) -> str:
        """A word (of four letters or more) that finds exactly `count` records."""
        words = sorted(t for t in self.entries if len(t) >= 4 and t.isalpha() and len(self.found(t)) == count)
        assert words, f"no word of the sample finds {count} records"
        return words[0]

    def most_found(self) -> str:
        """The word (of four letters or more) that finds the most records."""
        return max(sorted(t for t in self.entries if len(t) >= 4 and t.isalpha()), key=lambda t: len(self.found(t)))


@pytest.fixture(scope="module")
def index(sample_build) -> BuiltIndex:
    return BuiltIndex(sample_build / "site")


@pytest.fixture(scope="module")
def queries(index) -> dict[str, tuple[str, int]]:
    """none, few (3) and many (more than a page) results: the query and how many it finds."""
    nothing = "khongcoaiten"
    assert not index.found(nothing)
    many = index.most_found()
    assert len(index.found(many)) > PAGE, "the sample should have a word found in more than a page of records"
    return {"none": (nothing, 0), "few": (index.query_finding(3), 3), "many": (many, len(index.found(many)))}


def settle(tab, url: str) -> str:
    """Open a search URL; wait until the status line says how the search ended and its cards are on screen."""
    tab.goto(url)
    tab.wait_for_function("""() => {
        const status = document.getElementById('dh-status').textContent;
        const box = document.getElementById('dh-search').dataset;
        return status && status !== box.loading && (status === box.prompt || status === box.none
            || document.querySelectorAll('.dh-result').length > 0);
    }""", timeout=30000)
    return tab.locator("#dh-status").text_content()


def titles_of(tab) -> list[str]:
    return [t.strip() for t in tab.locator(".dh-result__title").all_text_contents()]


# ---------------------------------------------------------------- marks

def test_a_word_typed_with_marks_ranks_records_holding_it_so_first(sample_build, index, chromium, serve_folder):
    """'Đông' (Khoa Đông y) against 'động' (lao động) and 'đồng' (đồng bào): one term, dong."""
    found = index.found("dong")
    assert 0 < len(index.holding("dong", "đông")) < PAGE < len(found)
    base = serve_folder(sample_build / "site") + "tim-kiem/?q="
    tab = chromium.new_page()
    for typed, form in (("Đông", "đông"), ("ĐỘNG", "động"), (unicodedata.normalize("NFD", "đồng"), "đồng")):
        exact = {index.titles[n] for n in index.holding("dong", form)}
        assert 0 < len(exact) < len(found)
        # marks rank, they never narrow: every way of writing the word is found
        assert settle(tab, base + quote(typed)) == f"{len(found)} kết quả"
        top = titles_of(tab)[:min(len(exact), PAGE)]
        assert set(top) <= exact and (len(exact) > PAGE or set(top) == exact), (typed, top, exact)
    # Typed without marks, every way of writing it ranks alike: titles holding it come first.
    assert settle(tab, base + "dong") == f"{len(found)} kết quả"
    in_titles = {index.titles[n] for term, entry in index.entries.items() if term.startswith("dong")
                 for n in (undelta(entry[1]) if len(entry) > 1 else [])}
    top = titles_of(tab)[:min(len(in_titles), PAGE)]
    assert set(top) <= in_titles and (len(in_titles) > PAGE or set(top) == in_titles)
    tab.close()


def test_the_page_cuts_words_and_forms_exactly_as_the_index_does(sample_build, chromium, serve_folder):
    """wordForms (queries) against search_index.forms (the index), on text as staff paste it."""
    from dienhinh.outputs.search_index import forms

    rng = random.Random(4)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 -/,ÐðɖƉ\u00ad\u200b"
    samples = ["Đông", "lao động", unicodedata.normalize("NFD", "Khoa Đông y"), "ÐÔNG", "15/QĐ-LĐLĐ",
               "cơ\u00adsở Lai\u200bChâu", "Ǹ café", "x\u0303y"]
    for _ in range(200):
        text = "".join(rng.choice(letters) + rng.choice(["", "", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"])
                       for _ in range(rng.randint(1, 16)))
        samples.append(unicodedata.normalize(rng.choice(["NFC", "NFD"]), text))
    tab = chromium.new_page()
    tab.goto(serve_folder(sample_build / "site") + "tim-kiem/")
    cut = tab.evaluate("""async (samples) => {
        const engine = await import(new URL('../assets/javascripts/search-engine.js', location.href).href);
        return samples.map((text) => engine.wordForms(text, window.dhFold));
    }""", samples)
    assert cut == [[list(pair) for pair in forms(text)] for text in samples]
    tab.close()


# ---------------------------------------------------------------- status and the more button

@pytest.mark.parametrize("size", ["none", "few", "many"])
def test_status_and_more_button_for_none_a_few_and_many_results(sample_build, index, queries, chromium,
                                                                 serve_folder, size):
    query, total = queries[size]
    tab = chromium.new_page(viewport=PHONE)
    status = settle(tab, serve_folder(sample_build / "site") + "tim-kiem/?q=" + quote(query))
    more = tab.locator("#dh-more")
    if total == 0:
        assert status.startswith("Không tìm thấy kết quả"), status
    else:
        assert status == f"{total} kết quả"
    assert tab.locator(".dh-result").count() == min(total, PAGE)
    assert more.is_visible() is (total > PAGE)
    pages = 1
    while more.is_visible():
        pages += 1
        more.click()
        tab.wait_for_function(f"document.querySelectorAll('.dh-result').length === {min(total, PAGE * pages)}")
        assert tab.locator("#dh-status").text_content() == f"{total} kết quả"
    assert pages == max(1, -(-total // PAGE))
    if pages > 1:  # the button went away with the focus on it: the focus is on the first card it brought
        assert tab.evaluate("document.activeElement.closest('.dh-result') === "
                            f"document.querySelectorAll('.dh-result')[{PAGE * (pages - 1)}]")
    assert sorted(titles_of(tab)) == sorted(index.titles[n] for n in index.found(query))
    assert not more.is_visible() and tab.evaluate("document.getElementById('dh-more').hidden")
    tab.close()


# ---------------------------------------------------------------- layout shift

# Installed before the page's own scripts: every layout shift since navigation (buffered), with
# whether it moved the results area or the footer (what the page reserves room for).
_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const moved = entry.sources.map((source) => {
      const node = source.node && source.node.nodeType === 3 ? source.node.parentElement : source.node;
      return node && node.closest ? (node.closest('.dh-search__main, .md-footer') ? 'results/footer' : node.tagName) : '?';
    });
    window.__shifts.push({ value: entry.value, moved });
  }
}).observe({ type: 'layout-shift', buffered: true });
"""


@pytest.mark.parametrize("viewport, size", [(PHONE, "many"), (PHONE, "none"), (PHONE, None), (DESKTOP, "many")],
                         ids=["phone-many", "phone-none", "phone-empty", "desktop-many"])
def test_the_page_does_not_shift_while_results_load(sample_build, queries, chromium, serve_folder, viewport, size):
    """Cumulative layout shift on a slow phone network (as Lighthouse throttles: 150 ms, 1.6 Mbit/s),
    measured by the browser until the results, their thumbnails and the fonts are all in."""
    context = chromium.new_context(viewport=viewport)
    tab = context.new_page()
    network = context.new_cdp_session(tab)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                       "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8})
    tab.add_init_script(_SHIFTS)
    query = queries[size][0] if size else ""
    settle(tab, serve_folder(sample_build / "site") + "tim-kiem/" + (f"?q={quote(query)}" if query else ""))
    shifts = tab.evaluate("""async () => {
        await document.fonts.ready;
        await Promise.all([...document.images].map((image) => image.decode().catch(() => null)));
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        return window.__shifts;
    }""")
    context.close()
    assert sum(shift["value"] for shift in shifts) < 0.1, shifts
    assert not [shift for shift in shifts if "results/footer" in shift["moved"]], shifts


# ---------------------------------------------------------------- accessibility

# Theme issues handled in theme/, not by this page: the header's search form as a second search
# landmark, and the footer's text contrast.
THEIRS = {"landmark-unique": ".md-header", "color-contrast": ".md-footer"}


def axe_violations(tab) -> list[dict]:
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate("""async (theirs) => {
        const result = await axe.run(document);
        return result.violations.map((violation) => ({
            id: violation.id,
            nodes: violation.nodes.filter((node) => {
                const element = document.querySelector(node.target[0]);
                return !(theirs[violation.id] && element && element.closest(theirs[violation.id]));
            }).map((node) => node.target.join(' ') + ': ' + node.failureSummary),
        })).filter((violation) => violation.nodes.length);
    }""", THEIRS)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_search_page_passes_axe(sample_build, queries, chromium, serve_folder, viewport):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci in tests/node)")
    base = serve_folder(sample_build / "site") + "tim-kiem/"
    tab = chromium.new_page(viewport=viewport)
    settle(tab, base)
    assert axe_violations(tab) == [], "empty search"
    settle(tab, base + "?q=" + quote(queries["many"][0]))
    if viewport is PHONE:  # filters start folded on phones
        tab.locator("#dh-facets-box summary").click()
    tab.locator(".dh-facet:not([hidden]) .dh-facet__value input").first.check()
    tab.wait_for_function("!document.getElementById('dh-clear').hidden")
    assert axe_violations(tab) == [], "results, facets open, one value chosen"
    settle(tab, base + "?q=" + quote(queries["none"][0]))
    assert axe_violations(tab) == [], "no results"
    tab.close()
