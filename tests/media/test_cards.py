"""Social cards as drawn: the text stays inside its column and every Vietnamese letter is inked,
whether a title arrives composed (NFC) or with combining marks."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from dienhinh.media.cards import HEIGHT, INK, WIDTH, CardSpec, draw_card  # noqa: E402

TITLE = "Nguyễn Thị Hồng Nhung, Đặng Quốc Việt và Lường Thị Thuỷ: mô hình tiết kiệm điện ở Nậm Nhùn"


def ink_columns(image) -> list[int]:
    """The x of every column holding a pixel of the title's colour."""
    pixels = image.load()
    return [x for x in range(WIDTH) if any(pixels[x, y] == INK for y in range(120, HEIGHT - 100, 2))]


def test_title_stays_in_its_column_composed_or_not():
    for title in (TITLE, unicodedata.normalize("NFD", TITLE)):
        image = draw_card(CardSpec(kicker="Mô hình", title=title, organisation="LĐLĐ tỉnh Lai Châu",
                                   initials="NH", colour="#0a4a8f"))
        columns = ink_columns(image)
        assert columns, title
        assert min(columns) >= 50 and max(columns) <= WIDTH - 56 - 360 - 48, (title, min(columns), max(columns))


def test_composed_and_decomposed_titles_ink_the_same_area():
    """The fast glyph path (NFC) and FreeType's own (combining marks) set the same words in nearly the same place."""
    drawn = [draw_card(CardSpec(kicker="", title=title)) for title in (TITLE, unicodedata.normalize("NFD", TITLE))]
    composed, decomposed = (dict((c, n) for n, c in image.getcolors(WIDTH * HEIGHT)).get(INK, 0) for image in drawn)
    assert composed > 5000
    assert abs(composed - decomposed) / composed < 0.1
