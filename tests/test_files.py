"""Writing the caches: a cache written in parts reads back as the document, byte for byte json.dumps'."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from dienhinh.files import json_in_parts, write_atomically  # noqa: E402

TEXTS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(TEXTS, st.lists(TEXTS, max_size=3), max_size=30), st.integers(1, 7))
def test_a_document_written_in_parts_is_the_json_of_the_whole(texts, batch):
    document = {"format": 4, "texts": texts}
    assert "".join(json_in_parts(document, "texts", batch)) == json.dumps(document, ensure_ascii=False)


def test_a_file_written_in_parts_replaces_the_old_one_whole(tmp_path):
    target = tmp_path / "cache.json"
    target.write_text("old", encoding="utf-8")
    document = {"version": 2, "bodies": {f"khóa-{n}": f"<p>Đoạn {n}</p>" for n in range(5000)}}
    write_atomically(target, json_in_parts(document, "bodies"))
    assert json.loads(target.read_text(encoding="utf-8")) == document
    assert [path.name for path in tmp_path.iterdir()] == ["cache.json"]
