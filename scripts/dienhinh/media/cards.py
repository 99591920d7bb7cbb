"""Social cards: the 1200×630 image Facebook and Zalo show when a page is shared.

Each card carries the entry's title or name, its unit and movement, and the
federation's identity, set in a bundled font that covers Vietnamese (Be Vietnam
Pro, SIL OFL). A card is cached by a hash of everything drawn on it, so only
new or edited entries are drawn again.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .. import routes
from ..parallel import ordered_map
from ..progress import Progress, number
from .photos import AVATAR_COLOURS

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).parents[1] / "fonts"
BOLD, REGULAR = FONTS / "BeVietnamPro-700.ttf", FONTS / "BeVietnamPro-400.ttf"
LAYOUT = "card-v5"  # v5: text set from cached glyphs
BLUE, RED, INK, MUTED, SOFT = (10, 74, 143), (179, 18, 46), (20, 24, 31), (74, 74, 74), (243, 246, 250)

SITE_CARD = "__site__"  # the card of pages that are not about one entry


@dataclass(frozen=True)
class CardSpec:
    kicker: str
    title: str
    subtitle: str = ""
    movement: str = ""
    organisation: str = ""
    parent: str = ""
    footer: str = ""
    photo: str = ""  # a processed JPEG rendition in the photo cache
    initials: str = ""
    colour: str = ""

    def key(self) -> str:
        # The fields are flat strings: the same JSON as dataclasses.asdict, without its deep copy (a second
        # at 10,000 cards)
        data = json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(f"{LAYOUT}|{_fonts_digest()}|{data}".encode()).hexdigest()[:20]


@lru_cache(maxsize=1)
def _fonts_digest() -> str:
    return hashlib.sha256(BOLD.read_bytes() + REGULAR.read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=64)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


@lru_cache(maxsize=4096)
def _glyph(font: ImageFont.FreeTypeFont, char: str) -> tuple[Image.Image | None, int, int, float]:
    """A character drawn once per font and size: its coverage mask, offset from the pen, and advance."""
    left, top, right, bottom = font.getbbox(char)
    advance = font.getlength(char)
    if right <= left or bottom <= top:
        return None, 0, 0, advance
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255)
    return mask, left, top, advance


def _composed(text: str) -> bool:
    """Every character stands alone: NFC Vietnamese (precomposed letters), so glyphs can be set one by one."""
    return not any(unicodedata.combining(char) for char in text)


def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    """The width `_text` sets the text in (the sum of its characters' advances)."""
    if not _composed(text):
        return font.getlength(text)
    return sum(_glyph(font, char)[3] for char in text)


def _text(image: Image.Image, xy: tuple[float, float], text: str, font: ImageFont.FreeTypeFont, fill) -> None:
    """Text set from cached glyphs: a title's line costs pastes instead of FreeType rendering every letter
    again (measured on 80 person and model cards: drawing 13.7 → 5.1 ms, a whole card 26 → 15 ms). Kerning
    is not applied, so `_length` measures the same way. Text with combining marks left after NFC is drawn
    whole by FreeType."""
    if not _composed(text):
        ImageDraw.Draw(image).text(xy, text, font=font, fill=fill)
        return
    x, y = xy
    for char in text:
        mask, left, top, advance = _glyph(font, char)
        if mask is not None:
            image.paste(fill, (round(x + left), round(y + top)), mask)
        x += advance


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured width; a word longer than the line is cut at characters.

    A line's width is the sum of its words' and spaces' widths, each measured once: measuring every
    candidate line again was a third of drawing a card."""
    lines: list[str] = []
    current, current_width = "", 0.0
    space = _length(font, " ")
    for word in text.split():
        word_width = _length(font, word)
        candidate_width = current_width + space + word_width if current else word_width
        if candidate_width <= width:
            current = f"{current} {word}" if current else word
            current_width = candidate_width
            continue
        if current:
            lines.append(current)
        while _length(font, word) > width:
            cut = max(1, next(i for i in range(len(word), 0, -1) if _length(font, word[:i]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        current, current_width = word, _length(font, word)
    if current:
        lines.append(current)
    return lines


def fit(text: str, bold: bool, sizes: tuple[int, ...], width: int, max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the text fits in max_lines; at the smallest size, cut with an ellipsis."""
    for size in sizes:
        font = _font(bold, size)
        lines = wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    font = _font(bold, sizes[-1])
    lines = wrap(text, font, width)[:max_lines]
    while lines and _length(font, lines[-1] + "…") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += "…"
    return font, lines


@lru_cache(maxsize=4)
def _canvas(organisation: str, parent: str, footer: str) -> Image.Image:
    """The part every card shares: identity band at the top, site address and red rule at the bottom."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 96), fill=BLUE)
    if parent:
        draw.text((56, 18), parent.upper(), font=_font(False, 20), fill=(210, 224, 240))
    draw.text((56, 44 if parent else 30), organisation, font=_font(True, 30), fill="white")
    draw.rectangle((0, HEIGHT - 10, WIDTH, HEIGHT), fill=RED)
    if footer:
        draw.text((56, HEIGHT - 56), footer, font=_font(False, 22), fill=MUTED)
    return image


@lru_cache(maxsize=512)
def _initials_mask(initials: str, panel: int) -> tuple[Image.Image, tuple[int, int]]:
    """The initials' coverage, cut to their box, and where it sits on the panel: the same few hundred pairs
    recur across thousands of cards. Kept without colour or disc (a thirtieth of a whole panel's memory:
    512 whole panels were 200 MB in each drawing process)."""
    mask = Image.new("L", (panel, panel), 0)
    draw = ImageDraw.Draw(mask)
    font = _font(True, 150)
    box = draw.textbbox((0, 0), initials, font=font)
    draw.text(((panel - (box[2] - box[0])) / 2 - box[0], (panel - (box[3] - box[1])) / 2 - box[1]),
              initials, font=font, fill=255)
    bounds = mask.getbbox() or (0, 0, 1, 1)
    return mask.crop(bounds), bounds[:2]


def _initials_panel(initials: str, colour: str, panel: int) -> Image.Image:
    """The initials in white on their coloured disc, on white."""
    image = Image.new("RGB", (panel, panel), "white")
    ImageDraw.Draw(image).ellipse((0, 0, panel, panel), fill=colour)
    mask, at = _initials_mask(initials, panel)
    image.paste("white", (*at, at[0] + mask.width, at[1] + mask.height), mask)
    return image


def draw_card(spec: CardSpec) -> Image.Image:
    image = _canvas(spec.organisation, spec.parent, spec.footer).copy()
    text_right = WIDTH - 56
    if spec.photo or spec.initials:
        panel = 360
        left, top = WIDTH - 56 - panel, 150
        if spec.photo and Path(spec.photo).is_file():
            with Image.open(spec.photo) as photo:
                square = ImageOps.fit(photo.convert("RGB"), (panel, panel), Image.Resampling.LANCZOS,
                                      centering=(0.5, 0.35))
            image.paste(square, (left, top))
        else:
            image.paste(_initials_panel(spec.initials, spec.colour or "#0a4a8f", panel), (left, top))
        text_right = left - 48
    width = text_right - 56
    y = 130
    if spec.kicker:
        _text(image, (56, y), spec.kicker.upper(), _font(True, 24), RED)
        y += 46
    font, lines = fit(spec.title, True, (60, 54, 48, 42, 38), width, 4)
    for line in lines:
        _text(image, (56, y), line, font, INK)
        y += int(font.size * 1.22)
    y += 14
    if spec.subtitle:
        font, lines = fit(spec.subtitle, False, (30, 27, 24), width, 2)
        for line in lines:
            _text(image, (56, y), line, font, MUTED)
            y += int(font.size * 1.3)
        y += 8
    if spec.movement and y < HEIGHT - 110:
        font, lines = fit(spec.movement, True, (26, 23), width, 2)
        for line in lines[: max(1, (HEIGHT - 90 - y) // 34)]:
            _text(image, (56, y), line, font, BLUE)
            y += int(font.size * 1.3)
    return image


@dataclass(frozen=True)
class Card:
    url: str  # site-relative
    path: Path  # in the cache
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def bytes(self) -> int:
        return self.path.stat().st_size

    @property
    def media_type(self) -> str:
        return "image/png" if self.path.suffix == ".png" else "image/jpeg"


def _suffix(spec: CardSpec) -> str:
    """Flat colour and text compress best as a palette PNG (about 25 KB against 120 KB as JPEG);
    a card with a photo stays JPEG, which a palette would band."""
    return ".jpg" if spec.photo else ".png"


RAMP = 6  # shades between a text colour and the colour behind it: smooth at 1200×630, and fewer colours pack smaller


@lru_cache(maxsize=1)
def palette() -> Image.Image:
    """The card's colours and the antialiasing ramps between each text colour and its background.

    Mapping onto this fixed palette costs a sixth of computing a palette per card (measured: 1.9 against
    12.5 ms), and every card of a layout has the same colours anyway."""
    def rgb(colour: str) -> tuple[int, int, int]:
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]

    white = (255, 255, 255)
    pairs = [(INK, white), (MUTED, white), (BLUE, white), (RED, white), (white, BLUE), ((210, 224, 240), BLUE),
             *((white, rgb(colour)) for colour in AVATAR_COLOURS)]
    colours: list[tuple[int, ...]] = []
    for front, back in pairs:
        for step in range(RAMP + 1):
            shade = tuple(round(b + (f - b) * step / RAMP) for f, b in zip(front, back))
            if shade not in colours:
                colours.append(shade)
    colours.append(SOFT)
    assert len(colours) <= 256, len(colours)
    image = Image.new("P", (1, 1))
    image.putpalette([channel for colour in colours for channel in colour])
    return image


def _render(job: tuple[CardSpec, Path]) -> bool:
    spec, target = job
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    image = draw_card(spec)
    if target.suffix == ".png":
        # Measured on a person card: level 3 saves in 4.1 ms at 22.7 KB, level 6 in 7.8 ms at 18.3 KB, level 9 in
        # 39 ms at 15.3 KB. Level 6: cards are a third of the published site, so the smaller file is worth 4 ms.
        image.quantize(palette=palette(), dither=Image.Dither.NONE).save(temporary, "PNG", compress_level=6)
    else:
        image.save(temporary, "JPEG", quality=85, subsampling=0)
    os.replace(temporary, target)
    return True


def render_cards(specs: dict[str, CardSpec], cache_dir: Path, progress: Progress | None = None,
                 workers: int | None = None) -> dict[str, Card]:
    """Cards for page keys; cached by content hash. Returns page key → Card."""
    progress = progress or Progress(enabled=False)
    folder = cache_dir / routes.CARDS.removeprefix(routes.PHOTOS)
    folder.mkdir(parents=True, exist_ok=True)
    cards: dict[str, Card] = {}
    todo: dict[str, CardSpec] = {}
    for page_key, spec in specs.items():
        key = spec.key()
        name = f"{key}{_suffix(spec)}"
        target = folder / name
        cards[page_key] = Card(f"{routes.CARDS}{name}", target)
        if not target.is_file():
            todo[key] = spec
    jobs = [(spec, folder / f"{key}{_suffix(spec)}") for key, spec in todo.items()]
    for done, _ in enumerate(ordered_map(_render, jobs, workers=workers, minimum=8, chunksize=8), start=1):
        progress.tick("Vẽ thẻ chia sẻ", done, len(jobs))
    progress.stage("Vẽ thẻ chia sẻ", f"{number(len(jobs))} thẻ vẽ mới, {number(len(cards) - len(jobs))} thẻ dùng lại")
    return cards
