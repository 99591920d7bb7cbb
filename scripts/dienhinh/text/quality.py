"""Checks on pasted text: legacy fonts, look-alike letters, invisible characters, stray scripts, lost marks."""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from . import characters, legacy_encoding
from .vietnamese import LOOKALIKE_D, SOFT_HYPHEN, clean_text, find_lookalikes, has_marks

Report = Callable[[str, str, str, str], None]  # severity ("error"/"warning"), field, message, hint

# Any "<" that could open a tag, closed or not ("<img src=x onerror=..." with no ">" too).
_HTML_TAG = re.compile(r"<\s*[/!?]?\s*[a-zA-Z]")
_FOREIGN_LETTER = re.compile(r"[\u0370-\u1dff\u2c00-\u2dff\u3000-\ud7ff\uf900-\ufaff]")
_WORDS = re.compile(r"[A-Za-zÀ-ỹĐđ]{2,}")
# One scan that clears most values at once: nothing any check below could report.
_QUICK = re.compile(
    "[" + re.escape(legacy_encoding.SIGN_CHARACTERS + "".join(LOOKALIKE_D)) + "<"
    + "\u00ad\u0370-\u1dff\u2c00-\u2dff\u3000-\ud7ff\uf900-\ufaff]|" + characters.ANY.pattern
)
_SHORT = 300


def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0].capitalize() if name else "không rõ"


def check(text: str, field: str, report: Report, *, plain: bool = True, long_text: bool = False) -> str:
    """Report problems in one value and return it cleaned (NFC, Đ, no soft hyphens).

    A long legacy-encoded text always holds characters of the quick scan; only a short
    one ("Lai Chaâu") can hide in vowel pairs, so only short values get the pair test.
    """
    if not _QUICK.search(text) and (len(text) > _SHORT or not legacy_encoding.has_vni_pair(text)):
        if long_text and not has_marks(text) and len(_WORDS.findall(text)) >= 25:
            _report_lost_marks(field, report)
        return text
    _report_characters(text, field, report)
    legacy = legacy_encoding.detect(text)
    if legacy:
        report("error", field,
               f'chữ có vẻ được dán từ {legacy.encoding}: "{legacy.sample}" (đúng ra là "{legacy.decoded}")',
               "chuyển mã sang Unicode (Unikey: Công cụ chuyển mã, chọn nguồn "
               f"{'TCVN3' if legacy.encoding == legacy_encoding.TCVN3 else 'VNI Windows'}, đích Unicode) rồi dán lại")
        return clean_text(text)
    lookalikes = find_lookalikes(text)
    if lookalikes:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in lookalikes)
        report("warning", field, f"có chữ trông giống Đ nhưng không phải: {shown}",
               "gõ lại bằng chữ Đ/đ tiếng Việt; bản đăng đã được tự sửa")
    if SOFT_HYPHEN in text:
        report("warning", field, "có ký tự gạch nối ẩn (soft hyphen), thường do dán từ Word hoặc PDF",
               "gõ lại từ đó; bản đăng đã được tự bỏ ký tự ẩn")
    foreign = _FOREIGN_LETTER.search(text)
    if foreign and unicodedata.category(foreign.group())[0] in "LM":
        around = text[max(0, foreign.start() - 8): foreign.end() + 8].replace("\n", " ")
        report("warning", field,
               f'có chữ thuộc hệ chữ khác ({_script_of(foreign.group())}): "{around}"',
               "thường do lỗi nhận dạng chữ (OCR) hoặc dán nhầm; gõ lại đoạn này")
    if plain and _HTML_TAG.search(text):
        report("error", field, "không được chứa thẻ HTML",
               "chỉ ghi chữ thường; định dạng (in đậm, liên kết) đặt ở phần nội dung bên dưới dấu ---")
    if long_text and not has_marks(text) and len(_WORDS.findall(text)) >= 25:
        _report_lost_marks(field, report)
    return clean_text(text)


def _report_characters(text: str, field: str, report: Report) -> None:
    found = characters.unpublishable(text)
    if found:
        report("error", field, f"có ký tự điều khiển không đăng được ({characters.code_points(found)})",
               "xóa ký tự đó: thường do dán từ phần mềm khác; gõ lại đoạn chữ quanh nó")
    found = characters.bidi_controls(text)
    if found:
        report("error", field, f"có ký tự đổi hướng chữ ({characters.code_points(found)}), làm chữ hiện ra khác "
               "với chữ thật", "gõ lại đoạn này thay vì dán; tiếng Việt không cần các ký tự này")
    found = characters.zero_width(text)
    if found:
        report("warning", field, f"có ký tự ẩn không độ rộng ({characters.code_points(found)})",
               "bản đăng đã tự bỏ ký tự ẩn; gõ lại từ có ký tự đó để tệp sạch")


def _report_lost_marks(field: str, report: Report) -> None:
    report("warning", field, "đoạn văn không có dấu tiếng Việt (có thể bị mất dấu khi nhận dạng chữ OCR)",
           "kiểm tra và gõ lại có dấu")
