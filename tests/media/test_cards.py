"""Social cards as drawn: the text stays inside its column and every Vietnamese letter is inked,
whether a title arrives composed (NFC) or with combining marks."""

from __future__ import annotations

import io
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from PIL import Image, ImageChops  # noqa: E402

from dienhinh.media.cards import (BLUE, HEIGHT, INK, MUTED, PALE, RED, SOFT, WHITE, WIDTH, CardSpec, _png,  # noqa: E402
                                  draw_card)

TITLE = "Nguyễn Thị Hồng Nhung, Đặng Quốc Việt và Lường Thị Thuỷ: mô hình tiết kiệm điện ở Nậm Nhùn"


def ink_columns(image) -> list[int]:
    """The x of every column holding a pixel of the title's colour."""
    pixels = image.load()
    return [x for x in range(WIDTH) if any(pixels[x, y] == INK for y in range(120, HEIGHT - 100, 2))]


def test_title_stays_in_its_column_composed_or_not():
    for title in (TITLE, unicodedata.normalize("NFD", TITLE)):
        image = draw_card(CardSpec(kicker="Mô hình", title=title, organisation="LĐLĐ tỉnh Lai Châu",
                                   initials="NH", colour="#0a4a8f")).convert("RGB")
        columns = ink_columns(image)
        assert columns, title
        assert min(columns) >= 50 and max(columns) <= WIDTH - 56 - 360 - 48, (title, min(columns), max(columns))


def test_composed_and_decomposed_titles_ink_the_same_area():
    """The fast glyph path (NFC) and FreeType's own (combining marks) set the same words in nearly the same place."""
    drawn = [draw_card(CardSpec(kicker="", title=title)).convert("RGB") for title in (TITLE, unicodedata.normalize("NFD", TITLE))]
    composed, decomposed = (dict((c, n) for n, c in image.getcolors(WIDTH * HEIGHT)).get(INK, 0) for image in drawn)
    assert composed > 5000
    assert abs(composed - decomposed) / composed < 0.1


def test_a_card_encoded_by_the_own_png_writer_reads_back_as_drawn():
    """The PNG is written by hand around zlib-ng: Pillow must accept its chunks (CRCs checked) and decode the
    very pixels drawn, photo-less cards being palette images."""
    image = draw_card(CardSpec(kicker="Gương cá nhân", title=TITLE, subtitle="Công đoàn cơ sở xã Bản Bo",
                               movement="Lao động giỏi, lao động sáng tạo", organisation="LĐLĐ tỉnh Lai Châu",
                               initials="NH", colour="#0a4a8f"))
    encoded = _png(image)
    with Image.open(io.BytesIO(encoded)) as checked:
        checked.verify()
    with Image.open(io.BytesIO(encoded)) as back:
        assert (back.format, back.mode, back.size) == ("PNG", "P", (WIDTH, HEIGHT))
        assert ImageChops.difference(back.convert("RGB"), image.convert("RGB")).getbbox() is None
    flat = {BLUE, RED, INK, MUTED, SOFT, WHITE, PALE}
    shades = {colour for _, colour in image.convert("RGB").getcolors(256)} - flat
    assert len(shades) >= 4  # text edges are antialiased, not only the flat palette


def test_every_text_card_is_written_four_bits_a_pixel_in_its_own_colours():
    """A card holds the shared colours and at most one initials disc: sixteen colours, so four bits a pixel.
    Each disc colour must come back as drawn, not as the nearest shared colour."""
    from dienhinh.media.photos import AVATAR_COLOURS

    for colour in (None, *AVATAR_COLOURS):
        spec = CardSpec(kicker="Gương cá nhân", title=TITLE, subtitle="Công đoàn cơ sở xã Bản Bo",
                        movement="Lao động giỏi, lao động sáng tạo", organisation="LĐLĐ tỉnh Lai Châu",
                        initials="NH" if colour else "", colour=colour or "")
        image = draw_card(spec)
        encoded = _png(image)
        assert encoded[24] == 4, (colour, encoded[24])  # IHDR bit depth
        with Image.open(io.BytesIO(encoded)) as back:
            drawn = back.convert("RGB")
        assert ImageChops.difference(drawn, image.convert("RGB")).getbbox() is None, colour
        if colour:
            disc = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
            assert drawn.getpixel((WIDTH - 56 - 180, 150 + 20)) == disc, colour
