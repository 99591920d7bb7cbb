"""The form editor at /admin/: Decap CMS configured from the schema, for staff who avoid YAML.

The configuration is generated at every build from schema.COLLECTIONS and the
vocabularies in content/data/, so a new field, collection or unit appears in the
form without anyone editing the editor's settings. The editor's JavaScript is
vendored (vendor/decap-cms/, refreshed by scripts/vendor_decap_cms.sh), so the
build fetches nothing. Decap is used unchanged; a small script of ours
(editor-vi.js) completes its Vietnamese locale and repairs what it lacks for
screen readers and contrast, from data in templates/form_editor.yml.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from .. import routes
from ..content.frontmatter import load_package_data
from ..content.new_entry import NEW_ENTRY_DEFAULTS
from ..content.schema import COLLECTIONS, Collection, Field
from ..content.vocabulary import Vocabularies
from ..files import link_files
from ..pages.context import SiteContext
from ..problems import relative
from ..progress import Progress
from .report import OutputReport

SETTINGS_FILE = Path(__file__).parents[1] / "templates" / "form_editor.yml"
VENDOR = Path(__file__).parents[1] / "vendor" / "decap-cms"

DATE_FORMAT = "YYYY-MM-DD"  # what the validator reads; shown to staff as DD/MM/YYYY


def _settings() -> dict[str, Any]:
    return _read_settings(SETTINGS_FILE.stat().st_mtime_ns)


@functools.cache
def _read_settings(version: int) -> dict[str, Any]:
    """Read once per version of the file: every list field asks, and `serve` sees edits."""
    return load_package_data(SETTINGS_FILE)


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
        # A local date picker: picker_utc would print "UTC" beside the field, and a date has no time zone.
        out.update(widget="datetime", format=DATE_FORMAT, date_format="DD/MM/YYYY", time_format=False)
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
        # A folded item is titled by its first field; Decap's fallback for an empty one is English.
        summary = "{{fields.%s | default('%s')}}" % (field.fields[0].name, _settings()["empty_item"])
        out.update(widget="list", collapsed=True, summary=summary,
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


def editor_logo(project) -> str:
    """The emblem's address from /admin/ (mkdocs.yml theme.logo), or '' when the site has none."""
    return routes.relative(routes.ADMIN, project.logo) if project.logo else ""


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
    if project.logo:  # the organisation's emblem on the sign-in screen, not Decap's
        config["logo"] = {"src": editor_logo(project), "show_in_header": False}
    vocabularies = site.catalog.vocabularies
    config["collections"] = [collection_config(c, f"{content}/{c.name}", vocabularies, site.labels, settings)
                             for c in COLLECTIONS.values()]
    return config


SCRIPT = "editor-vi.js"

INDEX = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Biên tập nội dung — {site_name}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<style>.dh-admin-help{{position:fixed;left:0;bottom:0;z-index:1;padding:.5rem .8rem;font:14px/1.4 system-ui,sans-serif}}
.dh-admin-help a{{color:#1f3a93;text-decoration:underline}}
img[src="{logo}"]{{width:7rem;height:7rem;object-fit:contain}}</style>
</head>
<body>
<noscript>Trình biên tập cần bật JavaScript. Có thể sửa trực tiếp các tệp trong thư mục content/
trên giao diện web của Git.</noscript>
<nav class="dh-admin-help" aria-label="{help_label}"><a href="{guide}">{guide_label}</a></nav>
<script src="{script}"></script>
<script src="decap-cms.js"></script>
</body>
</html>
"""

# Runs before Decap (which it tells to wait), then registers the completed locale, starts
# Decap and keeps repairing what Decap renders: landmarks, a level-one heading, names of
# controls, nested focusable controls, English written into the bundle, low-contrast colours.
REPAIRS = r"""
(function () {
  "use strict";
  var settings = window.DIENHINH_EDITOR;
  window.CMS_MANUAL_INIT = true;

  function merge(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" ? merge(base && base[key] || {}, value) : value;
    });
    return out;
  }

  function compile(pairs) {
    return pairs.map(function (pair) { return [new RegExp(pair[0]), pair[1]]; });
  }
  var exact = settings.strings.exact;
  var attributePatterns = compile(settings.strings.attributes);
  var livePatterns = compile(settings.strings.live);
  var ATTRIBUTES = ["aria-label", "aria-roledescription", "title", "placeholder", "alt"];
  var EDITABLE = "[contenteditable], textarea, input, select";

  function translated(text, patterns) {
    var key = text.replace(/\s+/g, " ").trim();
    if (!key) return null;
    if (Object.prototype.hasOwnProperty.call(exact, key)) return exact[key];
    for (var i = 0; i < patterns.length; i++) {
      if (patterns[i][0].test(key)) return key.replace(patterns[i][0], patterns[i][1]);
    }
    return null;
  }

  function set(element, name, value) {
    if (!element) return;
    if (value === null) { if (element.hasAttribute(name)) element.removeAttribute(name); }
    else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  var counter = 0;
  function idOf(element) {
    if (!element.id) element.id = "dienhinh-" + (++counter);
    return element.id;
  }

  function translateText(node) {
    var parent = node.parentElement;
    if (!parent || parent.closest(EDITABLE)) return;
    var live = parent.closest("[aria-live]");
    var text = translated(node.nodeValue, live ? livePatterns : []);
    if (text !== null && text !== node.nodeValue) node.nodeValue = text;
  }

  function translateElement(element) {
    ATTRIBUTES.forEach(function (name) {
      var value = element.getAttribute(name);
      var text = value && translated(value, attributePatterns);
      if (text) set(element, name, text);
    });
  }

  function translateTree(node) {
    if (node.nodeType === 3) { translateText(node); return; }
    if (node.nodeType !== 1) return;
    translateElement(node);
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (walker.currentNode.nodeType === 3) translateText(walker.currentNode);
      else translateElement(walker.currentNode);
    }
  }

  function heading() {
    var match = /^#\/collections\/([^/]+)\/(new|entries\/)/.exec(location.hash);
    var singular = match && settings.singular[match[1]];
    if (!singular) return settings.headings.app;
    return settings.headings[match[2] === "new" ? "new" : "edit"].replace("%{singular}", singular);
  }

  function repairLandmarks(root) {
    // The entry form has no landmarks: its toolbar is the banner, the form the main content.
    var editor = root.querySelector("[class*='-EditorContainer']");
    if (editor && editor.children.length > 1) {
      set(editor.children[0], "role", "banner");
      set(editor.children[1], "role", "main");
    }
    var toasts = root.querySelector(".Toastify");
    if (toasts) { set(toasts, "role", "region"); set(toasts, "aria-label", settings.notifications); }
    // The loading bar Decap draws on a canvas at the top of the page is decoration.
    document.querySelectorAll("body > canvas").forEach(function (bar) { set(bar, "aria-hidden", "true"); });
    // The sign-in and loading screens have none either: the whole application is the main content.
    var own = document.querySelector("main, [role='main']:not(#nc-root)");
    set(root, "role", own ? null : "main");
  }

  function repairHeading() {
    var ours = document.getElementById("dienhinh-heading");
    var theirs = Array.prototype.some.call(document.querySelectorAll("h1"), function (h) { return h !== ours; });
    if (theirs) { if (ours) ours.remove(); return; }
    var main = document.querySelector("main, [role='main']");
    if (!main) return;
    if (!ours) {
      ours = document.createElement("h1");
      ours.id = "dienhinh-heading";
      ours.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;" +
        "clip:rect(0 0 0 0);white-space:nowrap;border:0";
    }
    if (main.firstChild !== ours) main.insertBefore(ours, main.firstChild);
    var text = heading();
    if (ours.textContent !== text) ours.textContent = text;
  }

  function repairControls(root) {
    // The rich text area of the body field has no name: it takes its field's label.
    root.querySelectorAll("[role='textbox'][contenteditable]:not([aria-label]):not([aria-labelledby])")
      .forEach(function (box) {
        var field = box.closest("[class*='-ControlContainer']");
        var label = field && field.querySelector("label");
        if (label) set(box, "aria-labelledby", idOf(label));
      });
    // The switch between rich text and Markdown has neither a name nor a state; it is named by
    // its "Markdown" label, and is on when the formatting buttons beside it are disabled.
    root.querySelectorAll("button[role='switch'][class*='ToolbarToggle']")
      .forEach(function (toggle) {
        var label = toggle.nextElementSibling;
        if (label) set(toggle, "aria-labelledby", idOf(label));
        var toolbar = toggle.closest("[class*='ToolbarContainer']") || toggle.parentElement;
        set(toggle, "aria-checked", toolbar.querySelector("button[title]:disabled") ? "true" : "false");
      });
    // The icon buttons of a list item: fold, drag to reorder, remove.
    var names = settings.item_buttons;
    root.querySelectorAll("[class*='-StyledListItemTopBar']").forEach(function (bar) {
      var buttons = bar.querySelectorAll(":scope > button");
      var drag = bar.querySelector(":scope > [aria-roledescription]");
      if (buttons.length > 1 && !buttons[0].hasAttribute("aria-label")) set(buttons[0], "aria-label", names.toggle);
      var last = buttons[buttons.length - 1];
      if (last && !last.hasAttribute("aria-label")) set(last, "aria-label", names.remove);
      if (drag && !drag.hasAttribute("aria-label")) set(drag, "aria-label", names.drag);
    });
    // The media library opens as a dialog without a name: its title names it.
    document.querySelectorAll("[role='dialog']:not([aria-label]):not([aria-labelledby])").forEach(function (dialog) {
      var title = dialog.querySelector("h1, h2, h3");
      if (title) set(dialog, "aria-labelledby", idOf(title));
    });
    // Menu buttons of the text editor's toolbar wrap a second button: the inner one is made
    // inert (clicks reach the menu button) and lends its name to the menu button.
    root.querySelectorAll("[role='button'][aria-haspopup] button").forEach(function (inner) {
      set(inner, "inert", "");
      var name = inner.getAttribute("title") || inner.textContent.trim();
      if (name) set(inner.closest("[role='button'][aria-haspopup]"), "aria-label", name);
    });
  }

  function hexToRgb(hex) {
    var n = parseInt(hex.slice(1), 16);
    return "rgb(" + (n >> 16) + ", " + ((n >> 8) & 255) + ", " + (n & 255) + ")";
  }
  var swaps = Object.keys(settings.colours).map(function (property) {
    var table = {};
    Object.keys(settings.colours[property]).forEach(function (from) {
      table[hexToRgb(from)] = settings.colours[property][from];
    });
    return [property, table];
  });
  var seen = new WeakMap();

  function swapColours(rules) {
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i];
      if (rule.cssRules) swapColours(rule.cssRules);
      if (!rule.style) continue;
      swaps.forEach(function (swap) {
        var to = swap[1][rule.style.getPropertyValue(swap[0])];
        if (to) rule.style.setProperty(swap[0], to, rule.style.getPropertyPriority(swap[0]));
      });
    }
  }

  function repairColours() {
    // Decap's styles are added as its screens first render: only rules not yet seen are read.
    Array.prototype.forEach.call(document.styleSheets, function (sheet) {
      var rules;
      try { rules = sheet.cssRules; } catch (error) { return; }
      var from = seen.get(sheet) || 0;
      if (rules.length === from) return;
      swapColours(Array.prototype.slice.call(rules, from));
      seen.set(sheet, rules.length);
    });
  }

  var pending = [];
  var scheduled = false;
  function repair() {
    scheduled = false;
    var root = document.getElementById("nc-root");
    if (!root) return;
    var nodes = pending;
    pending = [];
    nodes.forEach(translateTree);
    repairLandmarks(root);
    repairHeading();
    repairControls(root);
    repairColours();
  }

  function start() {
    CMS.registerLocale("vi", merge(CMS.getLocale("vi") || {}, settings.phrases));
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.type === "childList") pending.push.apply(pending, record.addedNodes);
        else pending.push(record.target);
      });
      if (!scheduled) { scheduled = true; requestAnimationFrame(repair); }
    }).observe(document.body, {childList: true, subtree: true, characterData: true,
                               attributes: true, attributeFilter: ATTRIBUTES.concat(["class", "disabled"])});
    window.addEventListener("hashchange", function () { requestAnimationFrame(repair); });
    CMS.init();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
"""


def editor_script(settings: dict[str, Any], config: dict[str, Any]) -> str:
    """editor-vi.js: the settings as data, then the repairs; the same script on every site."""
    data = {key: settings[key] for key in ("headings", "notifications", "item_buttons", "phrases", "strings", "colours")}
    data["singular"] = {c["name"]: c["label_singular"] for c in config["collections"]}
    return ("// Generated at every build from templates/form_editor.yml and the schema.\n"
            f"window.DIENHINH_EDITOR = {json.dumps(data, ensure_ascii=False, indent=1)};\n{REPAIRS}")


def _vendored(cache_dir: Path) -> list[Path]:
    """The vendored editor (6 MB) copied once into the cache, under a digest of its files, and linked into each
    site from there: a build writes none of it, and the package's own files are never linked into site/."""
    digest = hashlib.sha256()
    files = sorted(VENDOR.iterdir())
    for file in files:
        status = file.stat()
        digest.update(f"{file.name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    folder = cache_dir / "editor" / digest.hexdigest()[:16]
    if not folder.is_dir():
        staging = folder.with_name(f".{folder.name}.{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for file in files:
            shutil.copyfile(file, staging / file.name)
        try:
            os.replace(staging, folder)
        except OSError:  # another build put it there first
            shutil.rmtree(staging, ignore_errors=True)
    return [folder / file.name for file in files]


def write_form_editor(site: SiteContext, output_dir: Path, progress: Progress) -> OutputReport:
    """admin/index.html, admin/config.yml and the vendored editor, into the staging folder."""
    admin = output_dir / routes.ADMIN
    admin.mkdir(parents=True, exist_ok=True)
    link_files((str(file), str(admin / file.name)) for file in _vendored(site.project.cache_dir))
    config = editor_config(site)
    (admin / "config.yml").write_text(
        "# Generated at every build from the schema and content/data/; edit those, not this file.\n"
        + yaml.dump(config, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                    sort_keys=False, width=120), encoding="utf-8")
    (admin / SCRIPT).write_text(editor_script(_settings(), config), encoding="utf-8")
    footer = site.labels.get("footer") or {}
    (admin / "index.html").write_text(INDEX.format(site_name=escape(site.project.site_name), script=SCRIPT,
                                                   guide=routes.relative(routes.ADMIN, routes.GUIDE),
                                                   guide_label=escape(footer.get("guide", "")),
                                                   help_label=escape(footer.get("links", "")),
                                                   logo=escape(editor_logo(site.project))),
                                      encoding="utf-8")
    version = (VENDOR / "VERSION").read_text(encoding="utf-8").strip()
    return OutputReport("Trình biên tập (/admin/)", len(config["collections"]),
                        f"{len(config['collections'])} loại mục, Decap CMS {version}")
