"""Publish stage: the site is built into a staging folder and swapped in only when complete.

A failed build (bad content, a crash, a full disk) leaves the previously
published site/ exactly as it was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path


def write_atomically(path: Path, data: str | bytes) -> None:
    """Replace a file so that a reader (a concurrent run, the next run after a crash) finds the
    old content or the new, never part of it."""
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


class BuildLock:
    """One build at a time per project: two builds share the generated pages and the staging
    folder, and together would publish a mixture of both."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "build.lock"
        self.handle = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("w")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            self.handle = None
            return False
        return True

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def staging_dir(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + ".staging")


def prepare_staging(site_dir: Path) -> Path:
    staging = staging_dir(site_dir)
    if staging.exists():
        shutil.rmtree(staging)
    return staging


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames on the same file system."""
    old = site_dir.with_name(site_dir.name + f".old-{os.getpid()}")
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)


def folder_size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total
