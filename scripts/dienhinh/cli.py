"""The `dienhinh` command: validate, build, serve. Messages for staff are in Vietnamese."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import ContentError, Problems
from .progress import Progress, number, seconds
from .project import Project


def _print_problems(problems: Problems, stream=sys.stderr) -> None:
    for problem in problems.sorted():
        print(problem.format(), file=stream)


def _project(args: argparse.Namespace, preview: bool | None = None) -> Project:
    config = Path(args.config)
    if not config.is_file():
        print(f"Không tìm thấy tệp cấu hình {config}. Hãy chạy lệnh trong thư mục của dự án "
              "hoặc chỉ ra tệp bằng -f.", file=sys.stderr)
        raise SystemExit(2)
    project = Project.load(config, preview=preview)
    if getattr(args, "content", None):
        project.content_dir = Path(args.content).resolve()
    return project


def cmd_validate(args: argparse.Namespace) -> int:
    from .pipeline import prepare

    project = _project(args, preview=False)
    progress = Progress(enabled=not args.quiet)
    try:
        prepared = prepare(project, progress, strict=False)
    except ContentError as error:
        _print_problems(error.problems)
        return 1
    problems = prepared.problems
    _print_problems(problems, sys.stdout)
    verdict = "Không đạt" if problems.errors else "Đạt"
    progress.line(f"{verdict}: {number(prepared.files)} tệp, {problems.summary()}, {seconds(progress.elapsed())}.")
    return 1 if problems.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dienhinh", description="Trang điển hình tiên tiến: kiểm tra và dựng trang.")
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="tệp cấu hình (mặc định: mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="kiểm tra nội dung, báo lỗi bằng tiếng Việt")
    validate.add_argument("content", nargs="?", help="thư mục nội dung (mặc định: theo mkdocs.yml)")
    validate.add_argument("-q", "--quiet", action="store_true", help="chỉ in lỗi, không in tiến độ")
    validate.set_defaults(run=cmd_validate)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
