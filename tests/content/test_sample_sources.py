"""Every document the sample content cites is one of the source documents (../shared/seeds), by number and date."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
DOCUMENTS = yaml.safe_load((Path(__file__).with_name("seed_documents.yml")).read_text(encoding="utf-8"))
CONTENT = [ROOT / "content", *sorted((ROOT / "examples").glob("*/content"))]


def normal(number) -> str:
    return "".join(unicodedata.normalize("NFC", str(number or "")).split()).upper()


def cited() -> list[tuple[str, dict]]:
    """(file, citation) for every `sources:` item and every honour roll's `decision:` in the sample content."""
    found = []
    for folder in CONTENT:
        for path in sorted(folder.rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if not text.startswith("---"):
                continue
            data = yaml.safe_load(text.split("\n---", 1)[0][3:]) or {}
            shown = path.relative_to(ROOT).as_posix()
            found += [(shown, source) for source in data.get("sources") or []]
            if data.get("decision"):
                found.append((shown, data["decision"]))
    return found


def test_the_sample_content_cites_sources():
    files = {path for path, _ in cited()}
    entries = [p for folder in CONTENT for p in folder.rglob("*.md")
               if "/pages/" not in p.as_posix()]
    assert len(files) >= len(entries) - 1  # every entry but the staff guide rests on a document


def test_every_citation_is_a_seed_document_by_number_and_date():
    wrong = []
    for path, source in cited():
        matches = [d for d in DOCUMENTS if d["number"] and normal(d["number"]) == normal(source.get("number"))]
        if not source.get("number"):
            matches = [d for d in DOCUMENTS if d["number"] is None and d["title"] == source.get("title")
                       and d["issuer"] == source.get("issuer")]
            if matches and source.get("date"):
                wrong.append((path, source, "the document carries no date"))
            elif not matches:
                wrong.append((path, source, "no seed document has this title and issuer"))
            continue
        if not matches:
            wrong.append((path, source, "no seed document has this number"))
        elif matches[0]["date"] != source.get("date"):
            wrong.append((path, source, f"the document's date is {matches[0]['date']}"))
    assert not wrong, "\n".join(f"{p}: {s.get('number')} {s.get('date')}: {why}" for p, s, why in wrong)


def test_the_seed_list_matches_the_seed_files():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this clone")
    assert sorted(d["file"] for d in DOCUMENTS) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for document in DOCUMENTS:
        data = (SEEDS / document["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == document["sha256"], document["file"]
        for printed in document["printed"]:
            assert printed in data.decode("utf-8", errors="replace"), (document["file"], printed)
