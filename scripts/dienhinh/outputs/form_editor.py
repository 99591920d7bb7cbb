"""The form editor at /admin/: Decap CMS configured from the schema, for staff who avoid YAML.

The configuration is generated at every build from schema.COLLECTIONS and the
vocabularies in content/data/, so a new field, collection or unit appears in the
form without anyone editing the editor's settings. The editor's JavaScript is
vendored (vendor/decap-cms/, refreshed by scripts/vendor_decap_cms.sh), so the
build fetches nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from .. import routes
from ..content.new_entry import NEW_ENTRY_DEFAULTS
from ..content.schema import COLLECTIONS, Collection, Field
from ..content.vocabulary import Vocabularies
from ..pages.context import SiteContext
from ..problems import relative
from ..progress import Progress
from .report import OutputReport

SETTINGS_FILE = Path(__file__).parents[1] / "templates" / "form_editor.yml"
VENDOR = Path(__file__).parents[1] / "vendor" / "decap-cms"

DATE_FORMAT = "YYYY-MM-DD"  # what the validator reads; shown to staff as DD/MM/YYYY


def _settings() -> dict[str, Any]:
    return yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))


def _choice_label(labels: dict[str, Any], field: Field, value: str) -> str:
    """Labels of a choice's values come from the UI labels: choices → field name → value."""
    named = (labels.get("choices") or {}).get(field.name)
    return str(named.get(value, value)) if isinstance(named, dict) else value


def widget(field: Field, vocabularies: Vocabularies, labels: dict[str, Any],
           defaults: dict[str, Any] | None = None, optional_parent: bool = False) -> dict[str, Any]:
    """One schema field as a Decap field: widget, Vietnamese label, hint, required flag.

    Decap checks the required fields of an object even when the object itself is optional
    and left empty (a person without a photo could not be saved), so inside an optional
    object they are marked optional and the hint says when they are needed; the validator
    still requires them once the object is filled in.
    """
    required = field.required and not optional_parent
    out: dict[str, Any] = {"name": field.name, "label": field.label, "required": required}
    hint = field.help + (" Bắt buộc khi điền phần này." if field.required and optional_parent else "")
    if hint.strip():
        out["hint"] = hint.strip()
    kind = field.type
    if kind == "line":
        out["widget"] = "string"
    elif kind == "slug":
        out.update(widget="string", pattern=["^[a-z0-9]+(-[a-z0-9]+)*$", "Chữ thường không dấu, số, dấu gạch ngang"])
    elif kind == "url":
        out.update(widget="string", pattern=["^https?://\\S+$", "Ghi địa chỉ đầy đủ, bắt đầu bằng https://"])
    elif kind == "text":
        out["widget"] = "text"
    elif kind == "image":
        out.update(widget="image", choose_url=False)
    elif kind == "date":
        out.update(widget="datetime", format=DATE_FORMAT, date_format="DD/MM/YYYY", time_format=False,
                   picker_utc=True)
    elif kind == "year":
        out.update(widget="number", value_type="int", min=1900, max=2100)
    elif kind == "bool":
        out["widget"] = "boolean"
    elif kind == "choice":
        out.update(widget="select", options=[{"label": _choice_label(labels, field, v), "value": v}
                                              for v in field.choices])
    elif kind in ("ref", "refs") and field.vocabulary:
        terms = vocabularies[field.vocabulary].terms.values()
        out.update(widget="select", multiple=kind == "refs",
                   options=[{"label": term.name or term.id, "value": term.id} for term in terms])
    elif kind in ("ref", "refs") and field.collection:
        target = COLLECTIONS[field.collection]
        out.update(widget="relation", collection=target.name, value_field="{{slug}}",
                   search_fields=[target.title_field], display_fields=[target.title_field],
                   multiple=kind == "refs", options_length=50)
    elif kind == "lines":
        out.update(widget="list", field={"name": "line", "label": field.label, "widget": "string"})
    elif kind == "object":
        out.update(widget="object", collapsed=True,
                   fields=[widget(f, vocabularies, labels, optional_parent=not field.required)
                           for f in field.fields])
    elif kind == "objects":
        out.update(widget="list", collapsed=True,
                   fields=[widget(f, vocabularies, labels) for f in field.fields])
    else:
        raise ValueError(f"no form widget for field type {kind!r} ({field.name})")
    default = (defaults or {}).get(field.name, field.default)
    if default is not None:
        out["default"] = default
    return out


def collection_config(collection: Collection, folder: str, vocabularies: Vocabularies,
                      labels: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    fields = [widget(f, vocabularies, labels, NEW_ENTRY_DEFAULTS) for f in collection.fields]
    fields.append({"name": "body", "widget": "markdown", "required": False, **settings["body"]})
    return {
        "name": collection.name,
        "label": collection.label,
        "label_singular": collection.singular,
        "folder": folder,
        "create": True,
        "delete": False,  # withdrawn: true takes an entry down and keeps its history
        "extension": "md",
        "format": "yaml-frontmatter",
        "identifier_field": collection.title_field,
        "slug": "{{slug}}",
        "summary": "{{" + collection.title_field + "}}",
        "media_folder": "",
        "public_folder": "",
        "editor": {"preview": False},
        "fields": fields,
    }


def editor_config(site: SiteContext) -> dict[str, Any]:
    """The whole Decap configuration; `cms:` options of the dienhinh plugin in mkdocs.yml add the backend."""
    project = site.project
    settings = _settings()
    options = dict(project.options.cms or {})
    content = relative(project.content_dir, project.root)
    config: dict[str, Any] = {"backend": options.get("backend") or settings["default_backend"]}
    if options.get("local_backend"):
        config["local_backend"] = options["local_backend"]
    config.update(locale=settings["locale"], slug=settings["slug"],
                  media_folder=f"{content}/{settings['media_folder']}", public_folder=settings["public_folder"])
    if project.site_url:
        config.update(site_url=project.site_url, display_url=project.site_url)
    vocabularies = site.catalog.vocabularies
    config["collections"] = [collection_config(c, f"{content}/{c.name}", vocabularies, site.labels, settings)
                             for c in COLLECTIONS.values()]
    return config


INDEX = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Biên tập nội dung — {site_name}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Trình biên tập cần bật JavaScript. Có thể sửa trực tiếp các tệp trong thư mục content/
trên giao diện web của Git.</noscript>
<script src="decap-cms.js"></script>
</body>
</html>
"""


def write_form_editor(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    """admin/index.html, admin/config.yml and the vendored editor, into the staging folder."""
    admin = output_dir / routes.ADMIN
    admin.mkdir(parents=True, exist_ok=True)
    for file in VENDOR.iterdir():
        shutil.copyfile(file, admin / file.name)
    config = editor_config(site)
    (admin / "config.yml").write_text(
        "# Generated at every build from the schema and content/data/; edit those, not this file.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    (admin / "index.html").write_text(INDEX.format(site_name=escape(site.project.site_name)), encoding="utf-8")
    version = (VENDOR / "VERSION").read_text(encoding="utf-8").strip()
    return OutputReport("Trình biên tập (/admin/)", len(config["collections"]),
                        f"{len(config['collections'])} loại mục, Decap CMS {version}")
