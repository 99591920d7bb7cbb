"""What an output tells the build report: its name for the progress line and how much it wrote."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class OutputReport:
    name: str
    count: int
    detail: str = ""
    feeds: int = 0
