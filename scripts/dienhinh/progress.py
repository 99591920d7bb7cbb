"""Progress by stage, with counts, for builds that take minutes on 10,000 entries."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + " giây"


def number(value: int) -> str:
    """Vietnamese thousands separator: 10.000."""
    return f"{value:,}".replace(",", ".")


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool = True, interval: float = 2.0):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.interval = interval
        self.started = time.perf_counter()
        self._stage_started = self.started
        self._last_tick = 0.0

    def begin(self) -> None:
        self._stage_started = time.perf_counter()
        self._last_tick = self._stage_started

    def stage(self, name: str, detail: str) -> None:
        now = time.perf_counter()
        self._print(f"• {name}: {detail} ({seconds(now - self._stage_started)})")
        self._stage_started = now
        self._last_tick = now

    def tick(self, name: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self._last_tick >= self.interval and done < total:
            self._last_tick = now
            self._print(f"  {name}: {number(done)}/{number(total)}")

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def line(self, text: str) -> None:
        self._print(text)

    def _print(self, text: str) -> None:
        if self.enabled:
            print(text, file=self.stream, flush=True)
