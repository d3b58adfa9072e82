"""Fetch the pages of the change feed ahead of the one being applied, and overlap them.

On a weak link the time to apply a page locally, and the time the server takes to render the
next one, would otherwise leave the link idle between pages. Two helper threads work ahead:

- the *sender* asks for each page. When an answer names the next page's cursor in its headers
  (before its body), the sender asks for that page at once, while the body of this one is still
  arriving, so the server renders page n+1 while page n is on the wire. Without such a header
  (an older server, or the last page) it waits until the body has been read and takes the
  cursor from it;
- the *reader* reads and parses the bodies, in order.

At most `depth` parsed pages wait for the consumer and one answer waits for the reader, so little
is fetched ahead. Pages are still applied strictly in order, each with its cursor in one
transaction, so a cut anywhere loses at most what was not yet applied (and it is fetched again
next time). An error comes out of the iteration in its place, after the pages before it.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar

P = TypeVar("P")
P_co = TypeVar("P_co", covariant=True)

_END = object()
_POLL = 0.05


class Started(Protocol[P_co]):
    """A page asked for: its answer's headers are in, its body may still be arriving."""

    @property
    def early_cursor(self) -> str | None:
        """The next page's cursor, when the headers named it (else None: read the body)."""
        ...

    def finish(self) -> P_co:
        """Read and parse the body."""
        ...

    def close(self) -> None:
        """Give up on the body."""
        ...


class Ready(Generic[P]):
    """A page already read in full (for fetch functions without a separate body phase)."""

    early_cursor: str | None = None

    def __init__(self, page: P) -> None:
        self.page = page

    def finish(self) -> P:
        return self.page

    def close(self) -> None:
        pass


class _Asked(Generic[P]):
    def __init__(self, started: Started[P]) -> None:
        self.started = started
        self.done = threading.Event()
        self.page: P | None = None
        self.failed = False


class PagePrefetcher(Generic[P]):
    """Iterate pages fetched on helper threads.

    `start(cursor)` asks for a page and returns a `Started`; `next_of(page)` returns the cursor
    of the page after it, or None when the page was the last.
    """

    def __init__(
        self,
        start: Callable[[str | None], Started[P]],
        next_of: Callable[[P], str | None],
        cursor: str | None,
        *,
        depth: int = 2,
    ) -> None:
        self._start = start
        self._next_of = next_of
        self._cursor = cursor
        self._pages: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._answers: queue.Queue[object] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._sender = threading.Thread(target=self._send, name="simpul-pull-send", daemon=True)
        self._reader = threading.Thread(target=self._read, name="simpul-pull-read", daemon=True)

    def __iter__(self) -> Iterator[P]:
        self._sender.start()
        self._reader.start()
        try:
            while True:
                item = self._pages.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item  # type: ignore[misc]
        finally:
            self.close()

    def close(self) -> None:
        """Stop fetching; returns once both helpers are done with the transport, every answer
        not read is given up."""
        self._stop.set()
        for thread in (self._sender, self._reader):
            while thread.is_alive():
                # Make room, in case a helper waits to hand something over.
                for q in (self._pages, self._answers):
                    self._drop_one(q)
                thread.join(timeout=_POLL)
        for q in (self._pages, self._answers):
            while self._drop_one(q):
                pass

    @staticmethod
    def _drop_one(q: queue.Queue[object]) -> bool:
        try:
            item = q.get_nowait()
        except queue.Empty:
            return False
        if isinstance(item, _Asked):
            with contextlib.suppress(Exception):
                item.started.close()
        return True

    def _send(self) -> None:
        cursor = self._cursor
        try:
            while not self._stop.is_set():
                started = self._start(cursor)
                asked = _Asked(started)
                if not self._put(self._answers, asked):
                    started.close()
                    return
                next_cursor = started.early_cursor
                if next_cursor is None:
                    # Only the body says where the feed goes on: wait for the reader.
                    while not asked.done.wait(_POLL):
                        if self._stop.is_set():
                            return
                    if asked.failed:
                        return  # the reader hands the error on
                    next_cursor = self._next_of(asked.page)  # type: ignore[arg-type]
                    if next_cursor is None:
                        break
                cursor = next_cursor
        except BaseException as exc:  # handed to the consumer, in order, who decides
            self._put(self._answers, exc)
            return
        self._put(self._answers, _END)

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                item = self._answers.get(timeout=_POLL)
            except queue.Empty:
                continue
            if not isinstance(item, _Asked):
                self._put(self._pages, item)  # the end, or the sender's error
                return
            try:
                page = item.started.finish()
            except BaseException as exc:
                item.failed = True
                item.done.set()
                self._put(self._pages, exc)
                return
            item.page = page
            item.done.set()
            if not self._put(self._pages, page):
                return

    def _put(self, q: queue.Queue[object], item: object) -> bool:
        while not self._stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False
