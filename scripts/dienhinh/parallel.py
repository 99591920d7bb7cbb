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


def _run_part(function: Callable[[Any], Any], part: Sequence[Any]) -> list[Any]:
    return [function(item) for item in part]


def ordered_map(function: Callable[[Any], Any], items: Sequence[Any], state: dict[str, Any] | None = None,
                minimum: int = 400, chunksize: int = 100, even: bool = False) -> Iterator[Any]:
    """Yield function(item) for each item, in order, using worker processes when it pays off.

    `even`: the items cost about the same (validating files, rendering pages), so they are cut
    into one slice per core and the calling process works through the first slice itself instead
    of waiting: with two cores, two busy processes rather than three competing for them.
    Otherwise (photos, PDFs: uneven) a pool hands out chunks as workers free up.
    """
    _STATE.clear()
    _STATE.update(state or {})
    workers = cpu_count()
    if (workers < 2 or len(items) < minimum or os.environ.get("DIENHINH_WORKERS") == "1"
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield from map(function, items)
        return
    context = multiprocessing.get_context("fork")
    if even:
        cuts = [len(items) * share // workers for share in range(workers + 1)]
        parts = [items[start:end] for start, end in zip(cuts, cuts[1:])]
        with context.Pool(workers - 1) as pool:
            pending = [pool.apply_async(_run_part, (function, part)) for part in parts[1:]]
            yield from map(function, parts[0])
            for result in pending:
                yield from result.get()
        return
    with context.Pool(workers) as pool:
        yield from pool.imap(function, items, chunksize=chunksize)


def spread(items: Sequence[Any]) -> list[Any]:
    """Items reordered so that each of `ordered_map(even=True)`'s slices gets every kind of item
    (listings, heavy and light entries) when their order does not matter."""
    workers = cpu_count()
    return [item for offset in range(workers) for item in items[offset::workers]]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
