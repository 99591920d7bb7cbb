"""Content problems, collected across a whole run and reported in Vietnamese.

Staff fix content in a Git web UI with no developer at hand, so every problem
names the file, the line and the field, says what is wrong and how to fix it,
and all of them are reported at once instead of one per build.
"""

from __future__ import annotations

import re

import difflib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Iterable

from ..text import characters
from ..text.vietnamese import fold


class Severity(str, Enum):
    ERROR = "lỗi"
    WARNING = "cảnh báo"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    severity: Severity
    field: str
    message: str
    hint: str = ""
    column: int = 0

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity.value}: {self.field} — {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


@dataclass
class Problems:
    """All problems of one run; stages add to it and never stop at the first one."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, field_name: str, message: str, hint: str = "", column: int = 0) -> None:
        self.items.append(_shown(Problem(path, line, Severity.ERROR, field_name, message, hint, column)))

    def warning(self, path: str, line: int, field_name: str, message: str, hint: str = "", column: int = 0) -> None:
        self.items.append(_shown(Problem(path, line, Severity.WARNING, field_name, message, hint, column)))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.severity is Severity.WARNING, p.field, p.message))

    def summary(self) -> str:
        return f"{len(self.errors)} lỗi, {len(self.warnings)} cảnh báo"


_UNSHOWN = re.compile(f"[\t\n\r]|{characters.ANY.pattern}")


def _visible(text: str, limit: int) -> str:
    """Staff text quoted in a problem, safe for a terminal or a CI log: one line, every control, direction
    or invisible character written as its code (a key with ESC in it cannot drive the terminal), and a
    5,000-character value cut short."""
    text = _UNSHOWN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _shown(problem: Problem) -> Problem:
    return Problem(_visible(problem.path, 300), problem.line, problem.severity, _visible(problem.field, 120),
                   _visible(problem.message, 600), _visible(problem.hint, 600), problem.column)


class ContentError(Exception):
    """Raised by a stage when content errors make a build impossible; carries every problem."""

    def __init__(self, problems: Problems):
        super().__init__(problems.summary())
        self.problems = problems


def relative(path: Path, root: Path) -> str:
    """A path as staff see it in the Git web UI: relative to the project, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def did_you_mean(value: str, candidates: Iterable[str], labels: dict[str, str] | None = None) -> str:
    """'có phải ý bạn là "x"?' for the closest id, matching on the id and on the folded label."""
    candidates = list(candidates)
    if not candidates:
        return ""
    by_id = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    if by_id:
        return f'có phải ý bạn là "{by_id[0]}"?'
    if labels:
        folded = {fold(label): key for key, label in labels.items()}
        by_label = difflib.get_close_matches(fold(value), list(folded), n=1, cutoff=0.6)
        if by_label:
            return f'có phải ý bạn là "{folded[by_label[0]]}"?'
    by_prefix = [c for c in candidates if c.startswith(value) or value.startswith(c)]
    if by_prefix:
        return f'có phải ý bạn là "{sorted(by_prefix, key=len)[0]}"?'
    return ""
