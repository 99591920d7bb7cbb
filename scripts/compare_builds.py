"""Build the sample site and a synthetic site with two versions of the code and compare them file for file.

A refactoring that must not change behaviour shows it here: `python scripts/compare_builds.py
--before <commit>` builds both projects with the code of <commit> and with the working tree, using
the same content, date and configuration, and lists every file that is missing, extra or different.
Exit status 0 means the two published sites are identical byte for byte.
"""

from __future__ import annotations

import argparse
import filecmp
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-21"


def export(revision: str, target: Path) -> Path:
    """The repository at `revision`, without .git."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def project(source: Path, content: Path, target: Path) -> Path:
    """A project folder: `content` with the configuration, theme and templates of `source`."""
    shutil.copytree(content, target / "content")
    for folder in ("theme", "templates"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    (target / "build" / "docs").mkdir(parents=True)
    return target


def build(source: Path, folder: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(source / "scripts"), "DIENHINH_TODAY": TODAY, "PYTHONUTF8": "1"}
    env.pop("DIENHINH_PREVIEW", None)
    help_text = subprocess.run([sys.executable, "-m", "dienhinh", "--help"], cwd=folder, env=env,
                               capture_output=True, text=True).stdout
    command = [sys.executable, "-m", "dienhinh", *(["--today", TODAY] if "--today" in help_text else []), "build"]
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed in {folder} with {source}:\n{done.stderr[-4000:]}")


def differences(left: Path, right: Path) -> list[str]:
    def files(root: Path) -> set[str]:
        return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}

    before, after = files(left), files(right)
    lines = [f"only before: {name}" for name in sorted(before - after)]
    lines += [f"only after: {name}" for name in sorted(after - before)]
    lines += [f"different: {name}" for name in sorted(before & after)
              if not filecmp.cmp(left / name, right / name, shallow=False)]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD", help="the revision to compare the working tree with")
    parser.add_argument("--entries", type=int, default=1000, help="size of the synthetic site (0: sample only)")
    parser.add_argument("--keep", help="keep the built projects in this folder")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="compare-builds-"))
    work.mkdir(parents=True, exist_ok=True)
    sources = {"before": export(args.before, work / "before-src"), "after": ROOT}
    contents = {"sample": ROOT / "content"}
    if args.entries:
        sys.path.insert(0, str(ROOT / "scripts"))
        from dienhinh.synthetic import generate

        generate(work / "synthetic", args.entries)
        contents["synthetic"] = work / "synthetic" / "content"
    failed = False
    for name, content in contents.items():
        sites = {}
        for side, source in sources.items():
            folder = project(source, content, work / side / name)
            build(source, folder)
            sites[side] = folder / "site"
        found = differences(sites["before"], sites["after"])
        count = sum(1 for _ in sites["after"].rglob("*") if _.is_file())
        print(f"{name}: {count} files, {len(found)} differences")
        for line in found[:50]:
            print("  " + line)
        failed |= bool(found)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
