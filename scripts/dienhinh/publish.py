"""Publish stage: the site is built into a staging folder and swapped in only when complete.

A failed build (bad content, a crash, a full disk) leaves the previously
published site/ exactly as it was.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .files import walk_tree
from .progress import Progress


class PublishError(Exception):
    """The site could not be published; the message is for staff, in Vietnamese."""


_REASONS = {
    errno.ENOSPC: ("ổ đĩa đã đầy", "giải phóng chỗ trống (xóa thư mục .cache/ cũ, tệp tạm) rồi dựng lại"),
    errno.EDQUOT: ("đã hết hạn mức dung lượng", "giải phóng chỗ trống rồi dựng lại"),
    errno.EACCES: ("không có quyền ghi", "kiểm tra quyền của thư mục (người chạy lệnh phải ghi được vào đó)"),
    errno.EPERM: ("không có quyền ghi", "kiểm tra quyền của thư mục (người chạy lệnh phải ghi được vào đó)"),
    errno.EROFS: ("ổ đĩa chỉ cho đọc", "dựng trang ở một thư mục ghi được"),
    errno.ENOTDIR: ("một tệp nằm ở chỗ của thư mục", "xóa hoặc đổi tên tệp đó rồi dựng lại"),
    errno.EISDIR: ("một thư mục nằm ở chỗ của tệp", "xóa hoặc đổi tên thư mục đó rồi dựng lại"),
    errno.EBUSY: ("thư mục đang được chương trình khác dùng", "đóng chương trình đang mở thư mục đó rồi dựng lại"),
}


def explain(error: OSError) -> PublishError:
    """An operating-system fault while writing the site, as a message a staff member or a CI log reader can act on."""
    reason, hint = _REASONS.get(error.errno, (error.strerror or type(error).__name__, "dựng lại; nếu vẫn lỗi, báo "
                                              "người quản trị kỹ thuật"))
    where = f" ({error.filename})" if error.filename else ""
    return PublishError(f"Không ghi được trang: {reason}{where}. Trang đang đăng được giữ nguyên. Cách sửa: {hint}.")


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
    the block without publishing discards it.

    The site replaced by a publish is kept as `site.spare`, emptied of its files by a detached process and
    kept with its folders, and is the next build's staging folder: at 10,000 entries a build then makes no
    11,000 folders, and nothing removes 11,000 others while the next build runs. Whatever files are still
    in it are removed before the build writes; empty folders are removed before the swap, so the published
    tree is the one a build into an empty folder makes."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.folder = site_dir.with_name(site_dir.name + ".staging")
        self.spare = site_dir.with_name(site_dir.name + ".spare")
        self.published = False
        self.tree: list[int] | None = None  # the published tree, as publish() walked it
        try:
            for leftover in site_dir.parent.glob(f"{site_dir.name}.old-*"):
                # a replaced site a detached deleter may still be emptying, or a swap interrupted half-way
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    _remove(leftover)
            if _real_folder(self.spare):
                _remove(self.folder)  # a crashed build's staging folder
                os.replace(self.spare, self.folder)
            elif not _real_folder(self.folder):
                _remove(self.spare)
                _remove(self.folder)
                self.folder.mkdir(parents=True)
            _empty(self.folder, missing_ok=True)  # a detached emptier may still be at work on it
        except OSError as error:
            raise explain(error) from None

    def publish(self, progress: Progress | None = None) -> None:
        """Replace site_dir by the staging folder with two renames on the same file system."""
        try:
            self.tree = walk_tree(self.folder, remove_empty=True)
        except OSError as error:
            raise explain(error) from None
        size = self.tree[0]
        old = self.site_dir.with_name(self.site_dir.name + f".old-{os.getpid()}")
        try:
            if self.site_dir.exists() or self.site_dir.is_symlink():
                os.replace(self.site_dir, old)
            os.replace(self.folder, self.site_dir)
        except OSError as error:
            if old.exists() and not self.site_dir.exists():
                os.replace(old, self.site_dir)  # put the published site back
            raise explain(error) from None
        self.published = True
        if not self._keep_as_spare(old):
            _remove_later(old)
        if progress is not None:
            progress.stage("Xuất bản", f"{self.site_dir.name}/ ({f'{size / 1e6:.1f}'.replace('.', ',')} MB)")

    def discard(self) -> None:
        """A build that failed: its folder is the next build's spare."""
        if not self._keep_as_spare(self.folder):
            try:
                _remove(self.folder)
            except OSError:
                pass  # removed at the start of the next build

    def _keep_as_spare(self, folder: Path) -> bool:
        """`folder` becomes the spare, emptied of its files by a detached process; False if it cannot."""
        try:
            if not _real_folder(folder) or os.path.lexists(self.spare):
                return False
            os.replace(folder, self.spare)
        except OSError:
            return False
        _run_detached(f"from dienhinh.publish import _empty; _empty({str(self.spare)!r}, missing_ok=True)")
        return True

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *_exc) -> None:
        if not self.published:
            self.discard()


def _remove_later(path: Path) -> None:
    """Delete the replaced site in a detached process: the new one is already live, and deleting it
    here kept the build waiting (22,000 files at 10,000 entries: 3.8 s). The next build removes what
    is left if the deleter was stopped."""
    if not path.exists():
        return
    if not _run_detached(f"import shutil; shutil.rmtree({str(path)!r}, ignore_errors=True)"):
        _remove(path)


def _run_detached(code: str) -> bool:
    """Run Python `code` in a process of its own session that outlives the build; False if none could start."""
    try:
        subprocess.Popen([sys.executable, "-c", code], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True)
    except OSError:
        return False
    return True


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _empty(folder: Path | str, missing_ok: bool = False) -> None:
    """Remove every file and link under `folder`, keeping its folders (a link is removed, never followed).
    `missing_ok`: another process may be emptying it too."""
    pending = [str(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    else:
                        try:
                            os.unlink(entry.path)
                        except FileNotFoundError:
                            if not missing_ok:
                                raise
        except FileNotFoundError:
            if not missing_ok:
                raise


def folder_size(folder: Path) -> int:
    """The bytes of the files under `folder` (links not followed)."""
    return walk_tree(folder)[0]


