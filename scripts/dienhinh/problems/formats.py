"""Problems in the forms that Git web UIs show next to the file and line.

Staff never read a CI log. GitHub and Gitea/Forgejo Actions turn `::error`
workflow commands into annotations on the changed line; GitLab shows a
code-quality report (JSON) in the merge request. The text is the same
Vietnamese message as on the command line.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

from . import Problem, Severity
from .families import family_of, guide_link

FORMATS = ("text", "github", "gitlab")


def _escape_data(text: str) -> str:
    """GitHub's escaping for a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping for a workflow command's property values (file, title)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _description(problem: Problem, base_url: str) -> str:
    text = f"{problem.field} — {problem.message}" + (f" — {problem.hint}" if problem.hint else "")
    link = guide_link(base_url, problem.message)
    return f"{text} (giải thích: {link})" if link else text


def github_annotation(problem: Problem, base_url: str = "") -> str:
    """`::error file=…,line=…,title=…::message — hint` (a warning for `cảnh báo`)."""
    command = "error" if problem.severity is Severity.ERROR else "warning"
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    if problem.column:
        properties.append(f"col={problem.column}")
    properties.append(f"title={_escape_property(f'{problem.severity.value}: {problem.field}')}")
    return f"::{command} {','.join(properties)}::{_escape_data(_description(problem, base_url))}"


def gitlab_code_quality(problems: Iterable[Problem], base_url: str = "") -> list[dict]:
    """GitLab's code-quality report: one issue per problem, with a fingerprint stable across runs.

    The fingerprint leaves out the line number, so an unchanged problem keeps its identity
    when lines are added above it; repeated identical problems in one file are numbered.
    """
    report = []
    seen: dict[str, int] = {}
    for problem in problems:
        identity = "\x1f".join((problem.path, problem.severity.value, problem.field, problem.message))
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        fingerprint = hashlib.sha256(f"{identity}\x1f{occurrence}".encode("utf-8")).hexdigest()
        report.append({
            "type": "issue",
            "description": _description(problem, base_url),
            "check_name": f"dienhinh/{family_of(problem.message)}",
            "fingerprint": fingerprint,
            "severity": "major" if problem.severity is Severity.ERROR else "minor",
            "location": {"path": problem.path, "lines": {"begin": max(problem.line, 1)}},
        })
    return report


def render(problems: list[Problem], output_format: str, base_url: str = "") -> str:
    """All problems in one format, ready to print or write to a file.

    `base_url` (the site's address) adds a link to the guide's explanation of each
    problem in the web-UI formats.
    """
    if output_format == "github":
        return "".join(github_annotation(p, base_url) + "\n" for p in problems)
    if output_format == "gitlab":
        return json.dumps(gitlab_code_quality(problems, base_url), ensure_ascii=False, indent=2) + "\n"
    return "".join(p.format() + "\n" for p in problems)
