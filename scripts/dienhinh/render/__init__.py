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
    def render(self, pages: GeneratedPages, output_dir: Path, labels: dict[str, Any], progress: Progress) -> int:
        """Render every page into `output_dir` with the theme and `labels` (UI text); the number rendered."""
        ...
