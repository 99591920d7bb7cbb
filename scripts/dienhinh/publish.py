"""Publish stage: the site is built into a staging folder and swapped in only when complete.

A failed build (bad content, a crash, a full disk) leaves the previously
published site/ exactly as it was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from .progress import Progress


class PublishError(Exception):
    """The site could not be published; the message is for staff, in Vietnamese."""


class BuildLock:
    """One build at a time per project: two builds share the generated pages and the staging
    folder, and together would publish a mixture of both."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "build.lock"
        self.handle = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("w")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            self.handle = None
            raise PublishError("Đang có một lần dựng trang khác chạy trong thư mục này. Hãy đợi lần đó xong "
                               "rồi dựng lại. Trang đang đăng được giữ nguyên.") from None

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

    def __enter__(self) -> "BuildLock":
        self.acquire()
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


class Staging:
    """The folder a build writes into, beside the published one; `publish` swaps it in, leaving
    the block without publishing discards it."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.folder = site_dir.with_name(site_dir.name + ".staging")
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.published = False

    def publish(self, progress: Progress | None = None) -> None:
        """Replace site_dir by the staging folder with two renames on the same file system."""
        old = self.site_dir.with_name(self.site_dir.name + f".old-{os.getpid()}")
        if self.site_dir.exists():
            os.replace(self.site_dir, old)
        os.replace(self.folder, self.site_dir)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        self.published = True
        if progress is not None:
            size = f"{folder_size(self.site_dir) / 1e6:.1f}".replace(".", ",")
            progress.stage("Xuất bản", f"{self.site_dir.name}/ ({size} MB)")

    def discard(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *_exc) -> None:
        if not self.published:
            self.discard()


def folder_size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total
