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
import zlib
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


SHARDS = 64  # files the results are kept in: an edit rewrites one (a 64th), not every entry's result


def _shard(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


class ValidationCache:
    """Results by file, kept in SHARDS files of `folder` by a hash of the file's path: saving after one edit
    pickled 10,000 entries (half a second) when only one result changed."""

    def __init__(self, folder: Path, stamp_value: str):
        self.folder = folder
        self.stamp = stamp_value
        self.known: dict[str, tuple] = {}
        self.kept: dict[str, tuple] = {}
        self.unread: set[int] = set()  # shards not there, or not readable: written at the next save
        for shard in range(SHARDS):
            try:
                with open(self._file(shard), "rb") as stream:
                    stored = load_cache(stream, _ALLOWED)
                if not (isinstance(stored, dict) and stored.get("stamp") == stamp_value
                        and isinstance(stored.get("results"), dict)):
                    raise ValueError("another stamp")
                self.known.update(stored["results"])
            except Exception:  # noqa: BLE001 - any unreadable cache is simply not used
                self.unread.add(shard)

    def _file(self, shard: int) -> Path:
        return self.folder / f"{shard:02d}.pickle"

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
        """Write each shard whose results this run differ from what was read; never fail the build for it."""
        if not self.unread and self.kept.keys() == self.known.keys() and \
                all(self.kept[k] is self.known[k] for k in self.kept):
            return
        kept: list[dict[str, tuple]] = [{} for _ in range(SHARDS)]
        known: list[dict[str, tuple]] = [{} for _ in range(SHARDS)]
        for key, value in self.kept.items():
            kept[_shard(key)][key] = value
        for key, value in self.known.items():
            known[_shard(key)][key] = value
        for shard in range(SHARDS):
            new, old = kept[shard], known[shard]
            if shard not in self.unread and new.keys() == old.keys() and all(new[k] is old[k] for k in new):
                continue
            try:
                write_atomically(self._file(shard), pickle.dumps({"stamp": self.stamp, "results": new},
                                                                 protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, pickle.PicklingError):
                pass
