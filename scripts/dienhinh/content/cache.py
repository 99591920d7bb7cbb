"""Results of checking each content file, kept between runs so an unchanged file is not read again.

A result is reused only when nothing it was computed from has changed: the entry file and every
file it named (photos, spreadsheets, and for a file not found, the folder it was looked for in)
have the same size and timestamps, and the vocabularies, the dienhinh code and PyYAML are the
same (the stamp). Anything unreadable is ignored and the files are checked again.

Entries are stored with pickle, read back by an unpickler that builds only the types of
dienhinh.content.entries and dienhinh.problems, paths and dates: a planted cache file cannot run code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import yaml

from ..files import load_cache, write_atomically

_FORMAT = 1
_ALLOWED = {
    "dienhinh.content.entries": None, "dienhinh.problems": None,  # any class defined there
    "pathlib": {"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath", "Path"},
    "datetime": {"date", "datetime"},
}

Signature = tuple[int, int, int] | None  # size, mtime_ns, ctime_ns; None: the file does not exist


def signature(path: Path | str) -> Signature:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns


def stamp(folders: list[Path], *settings: object) -> str:
    """What every cached result depends on besides its own files: the code that checked it, the
    files in `folders` (the vocabularies) it was checked against, and `settings` (where content is)."""
    digest = hashlib.sha256(repr((_FORMAT, sys.version, yaml.__version__, *map(str, settings))).encode())
    package = Path(__file__).parents[1]
    for folder in (package, *folders):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and (folder != package or path.suffix in (".py", ".yml")):
                digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ValidationCache:
    def __init__(self, file: Path, stamp_value: str):
        self.file = file
        self.stamp = stamp_value
        self.known: dict[str, tuple] = {}
        self.kept: dict[str, tuple] = {}
        try:
            with open(file, "rb") as stream:
                stored = load_cache(stream, _ALLOWED)
            if isinstance(stored, dict) and stored.get("stamp") == stamp_value:
                self.known = stored["results"]
        except Exception:  # noqa: BLE001 - any unreadable cache is simply not used
            self.known = {}

    def get(self, file: Path) -> tuple[Signature, Any] | None:
        """(the file's signature, its stored result) when still valid; else (signature, None)."""
        key = str(file)
        own = signature(file)
        found = self.known.get(key)
        if found is None or own is None or found[0] != own or any(signature(p) != s for p, s in found[1]):
            return own, None
        self.kept[key] = found
        return own, found[2]

    def put(self, file: Path, own: Signature, depends: list[tuple[str, Signature]], result: Any) -> None:
        if own is not None:
            self.kept[str(file)] = (own, tuple(depends), result)

    def save(self) -> None:
        """Write what this run used, when it differs from what was read; never fail the build for it."""
        if self.kept.keys() == self.known.keys() and all(self.kept[k] is self.known[k] for k in self.kept):
            return
        try:
            write_atomically(self.file, pickle.dumps({"stamp": self.stamp, "results": self.kept},
                                                     protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError):
            pass
