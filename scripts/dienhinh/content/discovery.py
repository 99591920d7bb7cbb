"""Discovery: which files in the content tree are entries of which collection, and which links are refused.

Folders are walked without following links: a linked folder is reported (an error when it leads out
of the tree, a warning when it only repeats part of it), never silently skipped. Linked files are
found like others; reading.py refuses those that lead out of the tree.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import Problems, relative
from .reading import OUTSIDE_HINT, inside
from .schema import COLLECTIONS


def discover(content_root: Path, problems: Problems, project_root: Path | None = None) -> dict[str, list[Path]]:
    """Entry files of each collection, in subfolders too; names starting with _ or . are skipped."""
    project_root = project_root or content_root.parent
    found: dict[str, list[Path]] = {}
    for name in COLLECTIONS:
        files: list[str] = []
        for folder, subfolders, names in os.walk(content_root / name):
            for linked in [d for d in subfolders if os.path.islink(os.path.join(folder, d))]:
                _report_linked_folder(Path(folder) / linked, content_root, project_root, problems)
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(("_", "."))
                                   and not os.path.islink(os.path.join(folder, d)))
            files.extend(os.path.join(folder, n) for n in names
                         if n.endswith(".md") and not n.startswith(("_", ".")))
        found[name] = [Path(f) for f in sorted(files)]
    return found


def _report_linked_folder(folder: Path, content_root: Path, project_root: Path, problems: Problems) -> None:
    label = relative(folder, project_root)
    if inside(folder, content_root):
        problems.warning(label, 0, "thư mục", "thư mục là liên kết (symlink) tới một thư mục khác trong content/, "
                         "các tệp trong đó không được đọc hai lần", "xóa liên kết; đặt tệp vào một thư mục thật")
    else:
        problems.error(label, 0, "thư mục", "thư mục là liên kết (symlink) trỏ ra ngoài thư mục content/, "
                       "không được đọc", OUTSIDE_HINT)


def check_links(folder: Path, project_root: Path, problems: Problems) -> None:
    """Every link in a folder the renderer reads (the theme, the entry templates) stays inside it."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not inside(path, folder):
            problems.error(relative(path, project_root), 0, "tệp",
                           f"liên kết (symlink) trỏ ra ngoài thư mục {folder.name}/, không được đọc hay đăng",
                           OUTSIDE_HINT)
