"""Which family a problem message belongs to: the key of its explanation in the editors' guide.

The families live in templates/problem_families.yml, one place for the guide's
anchors, GitLab's check names and the links printed next to each problem.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .. import routes

FAMILIES_FILE = Path(__file__).parents[1] / "templates" / "problem_families.yml"
OTHER = "khac"
_DRAFT_PREFIX = re.compile(r"^\(bản nháp[^)]*\)\s*")


@functools.cache
def families() -> tuple[tuple[str, re.Pattern], ...]:
    data = yaml.safe_load(FAMILIES_FILE.read_text(encoding="utf-8"))
    return tuple((item["key"], re.compile(item["pattern"])) for item in data)


def family_of(message: str) -> str:
    """The family key of a message; a draft's downgraded error keeps its family."""
    message = _DRAFT_PREFIX.sub("", message)
    for key, pattern in families():
        if pattern.search(message):
            return key
    return OTHER


_PLACEHOLDER_HOSTS = (".example", ".invalid", ".test", ".localhost", "example.com", "example.org", "localhost")


def guide_link(base_url: str, message: str) -> str:
    """The address of the guide's explanation of this message, or '' when the site has no real address yet
    (the sample's `https://dienhinh.ldld-laichau.example/`): a dead link is worse than none."""
    host = urlsplit(base_url).hostname or ""
    if not base_url.startswith(("http://", "https://")) or host.endswith(_PLACEHOLDER_HOSTS):
        return ""
    family = family_of(message)
    anchor = "" if family == OTHER else f"#{family}"
    return f"{base_url.rstrip('/')}/{routes.GUIDE}{anchor}"
