"""How the build writes files: whole or not at all, and only when their content changed.

Every stage writes through these functions, so a reader (a concurrent run, the next run
after a crash, `mkdocs serve` watching a folder) finds the old content or the new, never part
of it, and an unchanged file keeps its time stamp.
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator


@contextmanager
def replaced_atomically(path: Path) -> Iterator[BinaryIO]:
    """A stream whose bytes replace `path` whole when the block ends without an error, and are dropped if not."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(path: Path, data: str | bytes | Iterable[str]) -> None:
    """`data` may come in parts (json_in_parts), written as they are made."""
    with replaced_atomically(path) as stream:
        if isinstance(data, bytes):
            stream.write(data)
        else:
            for part in (data,) if isinstance(data, str) else data:
                stream.write(part.encode("utf-8"))


def json_in_parts(document: dict[str, Any], large: str, batch: int = 2000) -> Iterator[str]:
    """json.dumps(document, ensure_ascii=False), made `batch` items of the mapping under `large` at a time: a
    cache of every entry's text is written without holding its whole JSON (at 20,000 entries 41 MB, twice
    that as a Python string, the memory peak of a build)."""
    yield "{"
    for key, value in document.items():
        if key != large:
            yield f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}, "
    yield f"{json.dumps(large)}: {{"
    items = list(document[large].items())
    for start in range(0, len(items), batch):
        yield (", " if start else "") + json.dumps(dict(items[start:start + batch]), ensure_ascii=False)[1:-1]
    yield "}}"


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


_NO_LINK = (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP)


def link_files(pairs: Iterable[tuple[str, str]]) -> int:
    """Hard-link each (source, target) path, making a target folder only when it is missing; a copy where the
    file system has no links; a target already there is kept. Carrying 20,000 unchanged files into a new site
    this way writes no bytes, and into a recycled staging folder tries no folder that is already there.
    Returns how many were linked or copied."""
    count = 0
    for source, target in pairs:
        try:
            count += _link(source, target)
        except FileNotFoundError:
            if not os.path.lexists(source):
                raise
            os.makedirs(os.path.dirname(target), exist_ok=True)
            count += _link(source, target)
    return count


def _link(source: str, target: str) -> int:
    try:
        os.link(source, target)
    except FileExistsError:
        return 0
    except OSError as error:
        if error.errno not in _NO_LINK:
            raise
        shutil.copyfile(source, target)
    return 1


def walk_tree(folder: Path, remove_empty: bool = False) -> list[int]:
    """One walk of a tree, links not followed: [bytes of its files, and over every file, folder and link in
    it: their number, sizes, modification times, inodes]: the tree's size and what tells it was changed
    since (inputs.site_identity). `remove_empty`: first remove the folders left empty (pages a recycled
    tree had and this build has not); each folder is measured after its own contents."""
    sums = [0, 0, 0, 0, 0]

    def visit(path: str) -> bool:
        kept = False
        with os.scandir(path) as scan:
            items = list(scan)
        for item in items:
            folder_item = item.is_dir(follow_symlinks=False)
            if folder_item and visit(item.path) and remove_empty:
                os.rmdir(item.path)
                continue
            found = item.stat(follow_symlinks=False)
            if not folder_item:
                sums[0] += found.st_size
            sums[1] += 1
            sums[2] += found.st_size
            sums[3] += found.st_mtime_ns
            sums[4] += found.st_ino
            kept = True
        return not kept

    visit(str(folder))
    return sums


class _Restricted(pickle.Unpickler):
    def __init__(self, stream: BinaryIO, allowed: dict[str, set[str] | None]):
        super().__init__(stream)
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        allowed = self.allowed.get(module, set())
        if allowed is None or name in allowed:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not stored in this cache")


def load_cache(stream: BinaryIO, allowed: dict[str, set[str] | None] | None = None) -> Any:
    """A pickled cache read back building only the classes `allowed` (module → names, None: any class
    defined there), no other: a planted cache file cannot run code. Plain values need none."""
    return _Restricted(stream, allowed or {}).load()
