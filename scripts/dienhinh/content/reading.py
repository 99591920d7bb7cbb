"""The one rule for every file the build reads from the project: it resolves inside the tree it belongs to
(content/, or the theme and templates folders), it is not larger than its limit, and it is text in UTF-8.

A symlink that leads out of the tree (`content/people/x.md → /etc/passwd`, a folder linked to the
home directory) is refused with a Vietnamese error naming the file; nothing behind it is read.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problems

OUTSIDE_HINT = "thay liên kết bằng chính tệp đó (chép tệp vào thư mục nội dung)"


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink followed, is within `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def read_text(file: Path, label: str, problems: Problems, root: Path, limit: int) -> str | None:
    """A content or data file as text; a file outside `root`, too large, unreadable or not in UTF-8 is a
    problem, not a crash."""
    if not inside(file, root):
        problems.error(label, 0, "tệp", f"tệp là liên kết (symlink) trỏ ra ngoài thư mục {root.name}/, không được đọc",
                       OUTSIDE_HINT)
        return None
    try:
        size = file.stat().st_size
        if size > limit:
            megabytes = f"{size / 1e6:.1f}".replace(".", ",")
            problems.error(label, 0, "tệp", f"tệp quá lớn ({megabytes} MB, tối đa {limit // 1_000_000} MB)",
                           "tách thành nhiều tệp nhỏ hơn; ảnh và bảng tính đặt thành tệp riêng")
            return None
        raw = file.read_bytes()
    except OSError as error:
        problems.error(label, 0, "tệp", f"không đọc được tệp ({error.strerror})", "kiểm tra quyền đọc tệp")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.error(label, line, "tệp", "tệp không được lưu theo bảng mã UTF-8",
                       "mở tệp bằng trình soạn thảo, chọn Lưu với bảng mã UTF-8 (Unicode) rồi tải lên lại")
        return None
