"""How the build writes files: whole or not at all, and only when their content changed.

Every stage writes through these two functions, so a reader (a concurrent run, the next run
after a crash, `mkdocs serve` watching a folder) finds the old content or the new, never part
of it, and an unchanged file keeps its time stamp.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, str):
            temporary.write_text(data, encoding="utf-8")
        else:
            temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write `data` unless the file already holds exactly it; whether it wrote."""
    try:
        old = path.read_bytes()
    except OSError:
        old = None
    if old is not None and old == (data.encode("utf-8") if isinstance(data, str) else data):
        return False
    write_atomically(path, data)
    return True
