"""Project settings: paths and the organisation's identity, read from mkdocs.yml.

Another province reuses the project by editing mkdocs.yml only, so everything
that names the federation (name, parent body, province, logo, site URL) comes
from there. The core reads the file itself so that it never imports MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

PLUGIN_NAME = "dienhinh"
# Vietnam keeps UTC+7 all year. "Today" is Vietnam's today even on a CI runner set to UTC, so an
# entry dated 1 March appears in the first build of 1 March, Vietnamese time.
VIETNAM = timezone(timedelta(hours=7))


def vietnam_today() -> date:
    return datetime.now(VIETNAM).date()


class _LenientLoader(yaml.SafeLoader):
    """Safe loading that tolerates MkDocs' own tags (!ENV, !!python/name) by reading them as text."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_LenientLoader.add_multi_constructor("!", _unknown_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


@dataclass
class Project:
    root: Path
    content_dir: Path
    docs_dir: Path
    site_dir: Path
    site_name: str = ""
    site_url: str = ""
    organisation: dict[str, Any] = field(default_factory=dict)
    page_size: int = 50
    preview: bool = False
    today: date = field(default_factory=vietnam_today)
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.content_dir / "data"

    @property
    def cache_dir(self) -> Path:
        """Processed photos and cards survive between builds here (git-ignored)."""
        return self.root / self.options.get("cache_dir", ".cache")

    @property
    def base_url(self) -> str:
        return self.site_url.rstrip("/") + "/" if self.site_url else "/"

    @classmethod
    def from_config(cls, root: Path, config: dict[str, Any], plugin_options: dict[str, Any] | None = None,
                    preview: bool | None = None) -> "Project":
        options = dict(plugin_options if plugin_options is not None else _plugin_options(config))
        extra = config.get("extra") or {}
        today_text = os.environ.get("DIENHINH_TODAY")
        if preview is None:
            preview = os.environ.get("DIENHINH_PREVIEW", "") not in ("", "0")
        return cls(
            root=root,
            content_dir=root / options.get("content_dir", "content"),
            docs_dir=root / config.get("docs_dir", "docs"),
            site_dir=root / config.get("site_dir", "site"),
            site_name=config.get("site_name", ""),
            site_url=config.get("site_url") or "",
            organisation=dict(extra.get("organisation") or {}),
            page_size=int(options.get("page_size", 50)),
            preview=preview,
            today=date.fromisoformat(today_text) if today_text else vietnam_today(),
            options=options,
        )

    @classmethod
    def load(cls, config_file: Path, preview: bool | None = None) -> "Project":
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
        return cls.from_config(config_file.resolve().parent, config, preview=preview)


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
            return plugin[PLUGIN_NAME] or {}
    return {}
