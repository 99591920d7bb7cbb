"""Run a per-item function on every core, keeping input order; small jobs stay in-process.

Workers are forked after the shared state is set, so large read-only state
(vocabularies, settings) is inherited instead of pickled for every item.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable, Iterable, Iterator, Sequence

_STATE: dict[str, Any] = {}


def shared(name: str) -> Any:
    """State given to `ordered_map(state=...)`, as seen from inside a worker."""
    return _STATE[name]


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def ordered_map(function: Callable[[Any], Any], items: Sequence[Any], state: dict[str, Any] | None = None,
                minimum: int = 400, chunksize: int = 100) -> Iterator[Any]:
    """Yield function(item) for each item, in order, using worker processes when it pays off."""
    _STATE.clear()
    _STATE.update(state or {})
    workers = cpu_count()
    if (workers < 2 or len(items) < minimum or os.environ.get("DIENHINH_WORKERS") == "1"
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield from map(function, items)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(function, items, chunksize=chunksize)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
