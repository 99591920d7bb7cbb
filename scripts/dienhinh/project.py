"""Project settings: paths and the organisation's identity, read from mkdocs.yml.

Another province reuses the project by editing mkdocs.yml only, so everything
that names the federation (name, parent body, province, logo, site URL) comes
from there. The core reads the file itself so that it never imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from .parallel import cpu_count

PLUGIN_NAME = "dienhinh"
# Vietnam keeps UTC+7 all year. "Today" is Vietnam's today even on a CI runner set to UTC, so an
# entry dated 1 March appears in the first build of 1 March, Vietnamese time.
VIETNAM = timezone(timedelta(hours=7))


def vietnam_today() -> date:
    return datetime.now(VIETNAM).date()


class _LenientLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading that tolerates MkDocs' own tags (!ENV, !!python/name) by reading them as text; libyaml's
    parser where PyYAML has it (mkdocs.yml is read four times a build: by Python's, 20 ms each)."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_LenientLoader.add_multi_constructor("!", _unknown_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


@dataclass(frozen=True)
class Options:
    """The `dienhinh` plugin's settings in mkdocs.yml, with their defaults (the only place they are given)."""

    content_dir: str = "content"
    page_size: int = 50  # entries on one listing page
    feed_items: int = 50  # items in one RSS/Atom feed
    feed_namespace: str = "dienhinh"  # feeds' item ids derive from it: never change it once published
    cache_dir: str = ".cache"
    cms: dict[str, Any] = field(default_factory=dict)  # form editor: backend, local_backend (outputs/form_editor.py)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "Options":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known and v is not None})


@dataclass
class Project:
    """One build's settings: read from mkdocs.yml, then the command line's choices (preview, date, workers)."""

    root: Path
    content_dir: Path
    docs_dir: Path
    site_dir: Path
    config_file: Path | None = None
    theme_dir: Path | None = None  # mkdocs.yml theme.custom_dir
    site_name: str = ""
    site_url: str = ""
    logo: str = ""  # mkdocs.yml theme.logo: the emblem's site path (header, form editor)
    organisation: dict[str, Any] = field(default_factory=dict)
    options: Options = field(default_factory=Options)
    preview: bool = False  # publish drafts and future entries too (local preview only)
    today: date = field(default_factory=vietnam_today)
    workers: int = field(default_factory=cpu_count)  # processes for parallel stages; 1 keeps one process
    records_dir: Path | None = None  # where site_dir's build records live; None: the cache folder

    @property
    def data_dir(self) -> Path:
        return self.content_dir / "data"

    @property
    def cache_dir(self) -> Path:
        """Processed photos and cards survive between builds here (git-ignored)."""
        return self.root / self.options.cache_dir

    @property
    def records(self) -> Path:
        """What the published folder was built from (build record, render state, and the page keys, feeds, open
        data and search index made from one catalog state): one set per site_dir, so the preview and the site
        never take each other's pages for their own, and neither finds the other's catalog state and makes
        every page again, or prunes the other's feeds."""
        return self.records_dir or self.cache_dir

    def previewing(self) -> "Project":
        """The same project published into the cache folder for `dienhinh serve`, with its own records and
        generated pages (drafts included, the site's are not: sharing one docs folder, each build after the
        other rewrote every page that differs and keyed all 10,000 again); cards, photos and bodies stay
        shared, so neither redraws the other's."""
        folder = self.cache_dir / "xem-thu"
        return replace(self, site_dir=folder / "site", records_dir=folder, docs_dir=folder / "docs")

    @property
    def theme_dirs(self) -> list[Path]:
        """Project folders the renderer and `dienhinh new` read besides content/: the theme overrides and
        the entry templates."""
        return [folder for folder in (self.theme_dir, self.root / "templates") if folder is not None]

    @property
    def page_size(self) -> int:
        return self.options.page_size

    @property
    def base_url(self) -> str:
        return self.site_url.rstrip("/") + "/" if self.site_url else "/"

    @classmethod
    def from_config(cls, config_file: Path, config: dict[str, Any], plugin_options: dict[str, Any] | None = None,
                    preview: bool = False, today: date | None = None, workers: int | None = None) -> "Project":
        root = config_file.resolve().parent
        options = Options.from_dict(plugin_options if plugin_options is not None else plugin_settings(config))
        extra = config.get("extra") or {}
        return cls(
            root=root,
            content_dir=root / options.content_dir,
            docs_dir=root / config.get("docs_dir", "docs"),
            site_dir=root / config.get("site_dir", "site"),
            config_file=config_file.resolve(),
            theme_dir=_custom_dir(root, config),
            site_name=config.get("site_name", ""),
            site_url=config.get("site_url") or "",
            logo=_theme_logo(config),
            organisation=dict(extra.get("organisation") or {}),
            options=options,
            preview=preview,
            today=today or vietnam_today(),
            workers=workers or cpu_count(),
        )

    @classmethod
    def load(cls, config_file: Path, preview: bool = False, today: date | None = None,
             workers: int | None = None) -> "Project":
        return cls.from_config(config_file, read_config(config_file), preview=preview, today=today, workers=workers)


def _theme_logo(config: dict[str, Any]) -> str:
    """theme.logo from mkdocs.yml as data, or from MkDocs' own Theme (a mapping) when MkDocs runs the build."""
    theme = config.get("theme")
    return str(theme.get("logo") or "") if isinstance(theme, Mapping) else ""


def _custom_dir(root: Path, config: dict[str, Any]) -> Path | None:
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return root / str(custom) if custom else None


def config_chain(config_file: Path) -> list[tuple[Path, dict[str, Any]]]:
    """mkdocs.yml and the files it INHERITs from, nearest first, each as data (a loop is cut)."""
    chain: list[tuple[Path, dict[str, Any]]] = []
    path: Path | None = config_file.resolve()
    while path is not None and path not in [seen for seen, _ in chain]:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
        parent = data.pop("INHERIT", None) if isinstance(data, dict) else None
        chain.append((path, data))
        path = (path.parent / parent).resolve() if isinstance(parent, str) else None
        path = path if path is not None and path.is_file() else None
    return chain


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data, without MkDocs; a file it INHERITs from lies under it, merged as MkDocs merges."""
    merged: Any = {}
    for _, data in reversed(config_chain(config_file)):
        merged = _merged(merged, data)
    return merged


def _merged(base: Any, over: Any) -> Any:
    """Mappings merged key by key, anything else replaced (mergedeep's REPLACE, as MkDocs' INHERIT)."""
    if isinstance(base, dict) and isinstance(over, dict):
        return {**base, **{key: _merged(base.get(key), value) for key, value in over.items()}}
    return over


def plugin_settings(config: dict[str, Any]) -> dict[str, Any]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
            return plugin[PLUGIN_NAME] or {}
    return {}


_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_COLOUR_ROLES = ("primary", "accent")  # extra.organisation.colors: links, headings, header; kickers, rules


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def _mix(colour: str, other: str, share: float) -> str:
    parts = [round(int(colour[i:i + 2], 16) * (1 - share) + int(other[i:i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{part:02x}" for part in parts)


def brand_colours(organisation: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """The theme's colour variables from the organisation's colours, and (field, message, hint) for each
    value left out: one that is not #rrggbb could break the style sheet, one paler than 4.5:1 on white
    would make links and headings unreadable (WCAG 2.1 AA), so the theme's own colour stays."""
    given = organisation.get("colors") or {}
    variables: dict[str, str] = {}
    problems = []
    if not isinstance(given, dict):
        return variables, [("extra.organisation.colors", "cần ghi từng màu trên một dòng, trang dùng màu mặc định",
                            'ví dụ: colors: {primary: "#0a4a8f", accent: "#b3122e"}')]
    for role in _COLOUR_ROLES:
        value = given.get(role)
        if value is None:
            continue
        name = f"extra.organisation.colors.{role}"
        if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
            problems.append((name, f'màu "{value}" không đúng dạng, trang dùng màu mặc định',
                             "viết mã màu gồm dấu # và 6 chữ số hệ 16, ví dụ #0a4a8f"))
            continue
        value = value.strip().lower()
        ratio = contrast_on_white(value)
        if ratio < 4.5:
            problems.append((name, f"màu {value} quá nhạt trên nền trắng (độ tương phản {ratio:.1f}:1, cần ít nhất "
                                   "4,5:1), trang dùng màu mặc định", "chọn màu đậm hơn"))
            continue
        if role == "primary":
            variables.update({"--md-primary-fg-color": value, "--md-typeset-a-color": value,
                              "--md-primary-fg-color--dark": _mix(value, "#000000", 0.3),
                              "--md-primary-fg-color--light": _mix(value, "#ffffff", 0.2)})
        else:
            variables.update({"--md-accent-fg-color": value, "--dh-red": value})
    return variables, problems
