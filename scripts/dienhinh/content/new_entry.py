"""`dienhinh new <kind> "Tên"`: a new entry file from the collection's template, like Hugo's archetypes.

The file name is the slug of the Vietnamese name, the entry starts as a draft
dated today, and every other field keeps the template's explanation for staff
to fill in. An existing file is never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import relative
from ..project import Project
from ..text.vietnamese import clean_text, slugify
from .schema import COLLECTIONS

# kind on the command line → collection folder under content/ and template under templates/
KINDS: dict[str, str] = {
    "movement": "movements",
    "model": "models",
    "person": "people",
    "honour": "honours",
    "page": "pages",
}
# What a new entry starts with, in the command and in the form editor alike.
NEW_ENTRY_DEFAULTS = {"draft": True}
TEMPLATES_FOLDER = "templates"


class NewEntryError(Exception):
    """A mistake in the command's input, explained in Vietnamese."""


@dataclass
class NewEntry:
    path: Path
    collection: str


def template_path(project: Project, collection: str) -> Path:
    return project.root / TEMPLATES_FOLDER / f"{collection}.md"


def yaml_scalar(value: object) -> str:
    """A value as it would be typed on one YAML line, quoted only when YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def fill(template: str, values: dict[str, object]) -> str:
    """Set top-level front-matter keys, keeping every comment and the body of the template."""
    lines = template.split("\n")
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if not lines or lines[0].strip() != "---" or close is None:
        raise NewEntryError("tệp mẫu không có phần thông tin giữa hai dòng '---'")
    for key, value in values.items():
        line = f"{key}: {yaml_scalar(value)}"
        pattern = re.compile(rf"^{re.escape(key)}:(\s|$)")
        index = next((i for i in range(1, close) if pattern.match(lines[i])), None)
        if index is None:
            lines.insert(close, line)
            close += 1
        else:
            lines[index] = line
    return "\n".join(lines)


def create(project: Project, kind: str, name: str) -> NewEntry:
    collection = KINDS.get(kind.strip().lower())
    if collection is None:
        raise NewEntryError(f'không có loại mục "{kind}"; dùng một trong: {", ".join(KINDS)}')
    template = template_path(project, collection)
    if not template.is_file():
        raise NewEntryError(f'chưa có mẫu cho loại "{kind}": cần tệp {relative(template, project.root)}')
    name = " ".join(clean_text(name).split())
    slug = slugify(name)
    if not slug:
        raise NewEntryError(f'tên "{name}" không tạo được tên tệp; hãy ghi tên bằng chữ, ví dụ: "Đào Việt Hưng"')
    target = project.content_dir / collection / f"{slug}.md"
    if target.exists():
        raise NewEntryError(f"đã có tệp {relative(target, project.root)}; không ghi đè. "
                            "Sửa tệp đó, hoặc đặt tên khác để tạo mục mới")
    spec = COLLECTIONS.get(collection)
    values: dict[str, object] = {spec.title_field if spec else "title": name}
    if spec is None or spec.field("date"):
        values["date"] = project.today
    values.update(NEW_ENTRY_DEFAULTS)
    text = fill(template.read_text(encoding="utf-8-sig"), values)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return NewEntry(target, collection)
