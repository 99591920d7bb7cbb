"""Run a per-item function on every core, keeping input order; small jobs stay in-process.

Workers are forked, so large read-only state (vocabularies, the page templates) is inherited
instead of pickled for every item.
"""

from __future__ import annotations

import multiprocessing
import os
from contextlib import contextmanager
from functools import partial
from typing import Any, Callable, Iterable, Iterator, Sequence


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# Set in each forked worker by the pool's initializer, and gone when the worker exits; with the
# fork start method the initializer's arguments are inherited, not pickled.
_WORKER: Callable[[Any], Any] | None = None


def _adopt(work: Callable[[Any], Any]) -> None:
    global _WORKER
    _WORKER = work


def _one(item: Any) -> Any:
    return _WORKER(item)  # type: ignore[misc]


def _part(part: Sequence[Any]) -> list[Any]:
    return [_WORKER(item) for item in part]  # type: ignore[misc]


def ordered_map(function: Callable[..., Any], items: Sequence[Any], context: Any = None, *,
                workers: int | None = None, minimum: int = 400, chunksize: int = 100,
                even: bool = False) -> Iterator[Any]:
    """Yield function(item), or function(context, item) when a context is given, for each item in
    order, using worker processes when it pays off.

    The context (vocabularies, the page templates) is handed to forked workers without pickling.
    `workers`: how many processes at most (default: every core; 1 keeps everything in-process).
    `even`: the items cost about the same (validating files, rendering pages), so they are cut
    into one slice per core and the calling process works through the first slice itself instead
    of waiting: with two cores, two busy processes rather than three competing for them.
    Otherwise (photos, PDFs: uneven) a pool hands out chunks as workers free up.
    """
    work = function if context is None else partial(function, context)
    workers = cpu_count() if workers is None else max(1, workers)
    if workers < 2 or len(items) < minimum or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(work, items)
        return
    pool_context = multiprocessing.get_context("fork")
    if even:
        cuts = [len(items) * share // workers for share in range(workers + 1)]
        parts = [items[start:end] for start, end in zip(cuts, cuts[1:])]
        with pool_context.Pool(workers - 1, initializer=_adopt, initargs=(work,)) as pool:
            pending = [pool.apply_async(_part, (part,)) for part in parts[1:]]
            yield from map(work, parts[0])
            for result in pending:
                yield from result.get()
        return
    with pool_context.Pool(workers, initializer=_adopt, initargs=(work,)) as pool:
        yield from pool.imap(_one, items, chunksize=chunksize)


def _run_and_send(function: Callable[[], Any], sender) -> None:
    try:
        outcome = ("done", function())
    except BaseException as error:  # handed to the caller, who raises it
        outcome = ("failed", error)
    try:
        sender.send(outcome)
    except Exception as error:  # an error that cannot be pickled: its text still reaches the caller
        sender.send(("failed", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))
    sender.close()


@contextmanager
def in_background(function: Callable[[], Any], workers: int | None = None) -> Iterator[Callable[[], Any]]:
    """Start function() in a forked process while the caller goes on; yields a callable that waits
    for its result (raising its error). Leaving the block first stops the process, so nothing it
    would write outlives a failed build. With one worker, the callable runs function() itself.

    A plain process, not a pool's daemon, so the function may use ordered_map in turn."""
    workers = cpu_count() if workers is None else max(1, workers)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield function
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run_and_send, args=(function, sender))
    process.start()
    sender.close()
    outcome: list[tuple[str, Any]] = []

    def result() -> Any:
        if not outcome:
            try:
                outcome.append(receiver.recv())
            except EOFError:  # killed (out of memory) before it could answer
                outcome.append(("failed", RuntimeError(f"tiến trình phụ dừng đột ngột (mã {process.exitcode})")))
            process.join()
        state, value = outcome[0]
        if state == "failed":
            raise value
        return value

    try:
        yield result
    finally:
        if process.is_alive() and not outcome:
            process.terminate()
        process.join()
        receiver.close()


def spread(items: Sequence[Any], workers: int) -> list[Any]:
    """Items reordered so that each of `ordered_map(even=True)`'s slices gets every kind of item
    (listings, heavy and light entries) when their order does not matter."""
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
