"""What the build accepts as a photo file, checked from its header during validation.

The limits live here, at the gate: the media stage decodes only photos that passed, and
applies the same checks to what it decodes.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel photo is already beyond any phone
NOT_AN_IMAGE = ("tệp không phải ảnh hoặc định dạng không được hỗ trợ",
                "dùng ảnh JPEG, PNG hoặc WebP; đừng đổi đuôi tệp của tài liệu khác thành .jpg")


class PhotoError(Exception):
    """A photo that cannot be published, with the Vietnamese reason and hint."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


def damaged(error: Exception) -> tuple[str, str]:
    return f"ảnh bị hỏng hoặc tải lên chưa hết ({error})", "tải ảnh lên lại từ bản gốc"


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PhotoError(f"ảnh quá lớn ({size / 1e6:.0f} MB, tối đa {MAX_BYTES // (1024 * 1024)} MB)",
                         "chụp lại hoặc thu nhỏ ảnh (ví dụ dưới 10 MB) rồi tải lên lại")


def check_dimensions(image: Image.Image) -> None:
    if image.width * image.height > MAX_PIXELS:
        raise PhotoError(f"ảnh có kích thước bất thường ({image.width}×{image.height} điểm ảnh)",
                         "tệp có thể bị hỏng hoặc cố ý làm lớn; dùng ảnh chụp bình thường")


def quick_check(path: Path) -> tuple[str, str] | None:
    """Header-only check for the validator (size, format, dimensions); the build decodes fully."""
    try:
        check_size(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                check_dimensions(image)
    except PhotoError as error:
        return error.message, error.hint
    except (UnidentifiedImageError, Image.DecompressionBombError):
        return NOT_AN_IMAGE
    except (OSError, SyntaxError, ValueError) as error:
        return damaged(error)
    return None
