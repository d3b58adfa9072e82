"""Fetch the next page of the change feed while the current one is being applied.

On a weak link the time to apply a page locally would otherwise leave the link idle between
pages. A helper thread fetches at most `depth` pages ahead; pages are still applied strictly in
order, each with its cursor in one transaction, so a cut anywhere loses at most what was not yet
applied (and it is fetched again next time).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

P = TypeVar("P")

_END = object()


class PagePrefetcher(Generic[P]):
    """Iterate pages fetched on a helper thread.

    `fetch(cursor)` returns a page; `next_of(page)` returns the cursor of the page after it, or
    None when the page was the last. An error in `fetch` comes out of the iteration, in order.
    """

    def __init__(
        self,
        fetch: Callable[[str | None], P],
        next_of: Callable[[P], str | None],
        cursor: str | None,
        *,
        depth: int = 2,
    ) -> None:
        self._fetch = fetch
        self._next_of = next_of
        self._cursor = cursor
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="simpul-pull", daemon=True)

    def __iter__(self) -> Iterator[P]:
        self._thread.start()
        try:
            while True:
                item = self._queue.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item  # type: ignore[misc]
        finally:
            self.close()

    def close(self) -> None:
        """Stop fetching; returns once the helper thread is done with the transport."""
        self._stop.set()
        while self._thread.is_alive():
            # Make room, in case the helper waits to hand over a page.
            with contextlib.suppress(queue.Empty):
                self._queue.get_nowait()
            self._thread.join(timeout=0.05)

    def _run(self) -> None:
        cursor = self._cursor
        try:
            while not self._stop.is_set():
                page = self._fetch(cursor)
                self._put(page)
                next_cursor = self._next_of(page)
                if next_cursor is None:
                    break
                cursor = next_cursor
        except BaseException as exc:  # handed to the consumer, who decides
            self._put(exc)
            return
        self._put(_END)

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
