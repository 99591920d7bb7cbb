"""What a build reads, as one digest: when it equals the last published build's, the build has nothing to do.

The digest covers the signature (size, times, inode; a link's target) of every file under the content
tree, the theme folders and this package, the bytes of mkdocs.yml (and of the file it inherits from, and
the environment when it reads variables), the renderer's and Python's
versions and the settings of the run (day, preview, folders); site/ must also be as it was published. Like make, it trusts file times; unlike
make, a snapshot taken while an input was being written (its modification time within RACY_NS of the snapshot, or
later) is never reused, so an edit saved in the same instant as a build cannot be missed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import yaml

from .files import walk_tree, write_atomically
from .project import Project, config_chain, read_config

RECORD = "last-build.json"  # in the cache folder
RACY_NS = 2_000_000_000
REPORT = ("entries", "pages", "feeds", "warnings")  # the counts a record repeats
_FORMAT = 1


@dataclass(frozen=True)
class Snapshot:
    digest: str
    files: int  # input files seen
    racy: bool  # an input was written too close to the snapshot to trust its time


def _versions() -> list[str]:
    found = [sys.version]
    for name in ("mkdocs", "mkdocs-material", "jinja2", "markdown", "pyyaml", "pillow", "feedgen", "nh3", "weasyprint"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} -")
    return found


def _walk(root: Path, hasher: Any, started: int, skip: frozenset[str] = frozenset()) -> tuple[int, bool]:
    """Hash every name under `root` with its signature, links by their text and their target's signature;
    names in `skip` are left out (the interpreter's bytecode in the package)."""
    count, racy = 0, False
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                items = sorted(scan, key=lambda item: item.name)
        except OSError as error:
            hasher.update(f"!{folder}\x00{error.errno}\x00".encode("utf-8", "surrogatepass"))
            continue
        for item in items:
            if item.name in skip:
                continue
            line = item.path
            try:
                if item.is_symlink():
                    line += "\x00->" + os.readlink(item.path)
                status = os.stat(item.path)
            except OSError:
                hasher.update(f"{line}\x00missing\x00".encode("utf-8", "surrogatepass"))
                continue
            count += 1
            if item.is_dir(follow_symlinks=False):
                # a folder by its name only: its times change when a name inside is added or removed, which its
                # listing tells, and when Python first writes bytecode beside the package's modules
                pending.append(item.path)
                hasher.update(f"{line}/\x00".encode("utf-8", "surrogatepass"))
                continue
            racy = racy or status.st_mtime_ns >= started - RACY_NS
            hasher.update(f"{line}\x00{status.st_size}\x00{status.st_mtime_ns}\x00{status.st_ctime_ns}\x00"
                          f"{status.st_ino}\x00".encode("utf-8", "surrogatepass"))
    return count, racy


def configuration(config_file: Path, hasher: Any) -> int:
    """Hash mkdocs.yml's bytes, the files it INHERITs from, and the environment when one reads variables
    (!ENV); the latest modification time among those files."""
    latest = 0
    for path, _ in config_chain(config_file):
        text = path.read_bytes()
        latest = max(latest, os.stat(path).st_mtime_ns)
        hasher.update(text)
        if b"!ENV" in text:
            hasher.update(repr(sorted(os.environ.items())).encode("utf-8", "surrogatepass"))
    return latest


def _hooks(project: Project) -> tuple[list[str], int]:
    """The signatures of the Python hooks mkdocs.yml names (MkDocs runs them on every page), and the
    latest modification time among them."""
    if project.config_file is None:
        return [], 0
    try:
        hooks = read_config(project.config_file).get("hooks") or []
    except (OSError, ValueError, yaml.YAMLError):
        return ["unreadable"], 0
    found, latest = [], 0
    for hook in hooks if isinstance(hooks, list) else []:
        path = project.config_file.parent / str(hook)
        try:
            status = os.stat(path)
        except OSError:
            found.append(f"{path}\x00missing")
            continue
        found.append(f"{path}\x00{status.st_size}\x00{status.st_mtime_ns}\x00{status.st_ino}")
        latest = max(latest, status.st_mtime_ns)
    return found, latest


def take(project: Project) -> Snapshot:
    started = time.time_ns()
    hasher = hashlib.blake2b(digest_size=20)
    settings = (_FORMAT, str(project.content_dir), str(project.site_dir), str(project.docs_dir), project.site_name,
                project.site_url, repr(project.organisation), repr(project.options), project.preview,
                str(project.today), _versions())
    hasher.update(repr(settings).encode("utf-8", "surrogatepass"))
    count, racy = 0, False
    if project.config_file is not None:
        try:
            racy = configuration(project.config_file, hasher) >= started - RACY_NS
        except (OSError, ValueError, yaml.YAMLError):
            racy = True
    hooks, latest = _hooks(project)
    hasher.update(repr(hooks).encode("utf-8", "surrogatepass"))
    racy = racy or latest >= started - RACY_NS
    for root in (project.content_dir, *project.theme_dirs):
        seen, late = _walk(root, hasher, started)
        count, racy = count + seen, racy or late
    seen, late = _walk(Path(__file__).parent, hasher, started, frozenset({"__pycache__"}))
    count, racy = count + seen, racy or late
    return Snapshot(hasher.hexdigest(), count, racy)


def site_identity(site_dir: Path, tree: list[int] | None = None) -> list[int] | None:
    """site/ as published: the folder (and its time) and, summed over every file and folder in it, their
    number, sizes, times and inodes (files.walk_tree, or `tree`, the same walk taken as it was published),
    so a file deleted, added, renamed or edited there by hand is noticed and built again. (Change times are
    left out: deleting the replaced site unlinks files the new one shares, which changes theirs.)"""
    try:
        status = os.lstat(site_dir)
        return [status.st_dev, status.st_ino, status.st_mtime_ns, *(tree or walk_tree(site_dir))[1:]]
    except OSError:
        return None


def unchanged(project: Project, snapshot: Snapshot) -> dict[str, Any] | None:
    """The last build's record when it was made from these very inputs and its site/ is still the published one."""
    if snapshot.racy:
        return None
    try:
        record = json.loads((project.records / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or record.get("inputs") != snapshot.digest or record.get("racy", True) \
            or not isinstance(record.get("messages"), str) or not isinstance(record.get("report"), dict) \
            or not all(type(record["report"].get(name)) is int for name in REPORT):
        return None
    try:
        if record.get("site") != site_identity(project.site_dir):
            return None
    except OSError:
        return None
    return record


def remember(project: Project, snapshot: Snapshot, report: dict[str, Any], messages: str,
             tree: list[int] | None = None) -> None:
    """After a publish: site/ was made from the snapshot's inputs; `messages` are the run's warnings, as printed;
    `tree`, site/ as the publish walked it. Not recorded (the next build is simply a whole one) when the cache
    folder cannot be written."""
    try:
        write_atomically(project.records / RECORD, json.dumps(
            {"inputs": snapshot.digest, "racy": snapshot.racy, "site": site_identity(project.site_dir, tree),
             "report": report, "messages": messages}, ensure_ascii=False, sort_keys=True))
    except OSError:
        forget(project)


def forget(project: Project) -> None:
    try:
        (project.records / RECORD).unlink(missing_ok=True)
    except OSError:
        pass
