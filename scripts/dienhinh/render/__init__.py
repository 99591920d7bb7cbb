"""The render stage: generated pages → HTML in the output folder, with a theme, by an adapter.

The core hands an adapter the generated pages (a docs folder of Markdown files whose front
matter holds each page's metadata, and the same metadata in memory) and an output folder; it
knows nothing of the engine. `render/mkdocs.py` is the adapter for MkDocs 1.6 with Material;
another engine (ProperDocs, Zensical) is another module with the same `render` method.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from ..pages.generate import GeneratedPages
from ..progress import Progress


class RenderError(Exception):
    """The renderer could not finish; the message is for staff, in Vietnamese."""


class Renderer(Protocol):
    warnings: list[str]  # what the last render warned of (settings it could not follow), as printed

    def render(self, pages: GeneratedPages, output_dir: Path, labels: dict[str, Any], progress: Progress,
               previous: Path | None = None) -> int:
        """Render the pages into `output_dir` (which holds no files, it may hold folders) with the theme and
        `labels` (UI text); the number rendered.

        `previous` is the published site: a page whose inputs are those it was rendered from there
        may be carried over from it instead of being rendered again."""
        ...

    def published(self, site_dir: Path) -> None:
        """The last render's output is now the published `site_dir`: the next render may carry pages from it."""
        ...
