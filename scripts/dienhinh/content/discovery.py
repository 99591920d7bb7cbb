"""Discovery: which files in the content tree are entries of which collection."""

from __future__ import annotations

import os
from pathlib import Path

from .schema import COLLECTIONS


def discover(content_root: Path) -> dict[str, list[Path]]:
    """Entry files of each collection, in subfolders too; names starting with _ or . are skipped."""
    found: dict[str, list[Path]] = {}
    for name in COLLECTIONS:
        files: list[str] = []
        for folder, subfolders, names in os.walk(content_root / name):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(("_", ".")))
            files.extend(os.path.join(folder, n) for n in names
                         if n.endswith(".md") and not n.startswith(("_", ".")))
        found[name] = [Path(f) for f in sorted(files)]
    return found
