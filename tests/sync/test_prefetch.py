"""The page prefetcher: in order, errors in place, it stops when the consumer does, and it asks
for the next page while a body is still arriving when the headers name the next cursor."""

from __future__ import annotations

import threading

import pytest

from sync.prefetch import PagePrefetcher, Ready


def _feed(pages: int, fail_at: int | None = None) -> tuple[list[str | None], object]:
    asked: list[str | None] = []

    def fetch(cursor: str | None) -> Ready[int]:
        asked.append(cursor)
        n = 0 if cursor is None else int(cursor) + 1
        if n == fail_at:
            raise ConnectionError(f"cut at page {n}")
        return Ready(n)

    def next_of(page: int) -> str | None:
        return str(page) if page + 1 < pages else None

    return asked, (fetch, next_of)


def test_pages_come_in_order_with_their_cursors() -> None:
    asked, (fetch, next_of) = _feed(5)
    assert list(PagePrefetcher(fetch, next_of, None)) == [0, 1, 2, 3, 4]  # type: ignore[arg-type]
    assert asked == [None, "0", "1", "2", "3"]


def test_an_error_comes_out_after_the_pages_before_it() -> None:
    _, (fetch, next_of) = _feed(5, fail_at=3)
    got: list[int] = []
    with pytest.raises(ConnectionError, match="page 3"):
        for page in PagePrefetcher(fetch, next_of, None):  # type: ignore[arg-type]
            got.append(page)
    assert got == [0, 1, 2]


def test_stopping_early_ends_the_helper_and_fetches_little_ahead() -> None:
    asked, (fetch, next_of) = _feed(1000)
    before = threading.active_count()
    for page in PagePrefetcher(fetch, next_of, None, depth=2):  # type: ignore[arg-type]
        if page == 3:
            break
    assert threading.active_count() == before
    assert len(asked) <= 4 + 3  # the pages used, two queued, one in the helper's hands


class _Arriving:
    """A page whose body arrives only once the next page has been asked for (or never)."""

    def __init__(self, n: int, pages: int, asked: dict[int, threading.Event]) -> None:
        self.n = n
        self.asked = asked
        self.early_cursor = str(n) if n + 1 < pages else None
        self.closed = False
        self.finished = False

    def finish(self) -> int:
        self.finished = True
        following = self.asked.setdefault(self.n + 1, threading.Event())
        if self.early_cursor is not None and not following.wait(10):
            raise AssertionError(f"page {self.n + 1} was not asked for during page {self.n}")
        return self.n

    def close(self) -> None:
        self.closed = True


def test_the_next_page_is_asked_for_while_a_body_arrives() -> None:
    asked: dict[int, threading.Event] = {}
    order: list[str | None] = []

    def start(cursor: str | None) -> _Arriving:
        order.append(cursor)
        n = 0 if cursor is None else int(cursor) + 1
        asked.setdefault(n, threading.Event()).set()
        return _Arriving(n, 6, asked)

    assert list(PagePrefetcher(start, lambda p: None, None)) == [0, 1, 2, 3, 4, 5]
    assert order == [None, "0", "1", "2", "3", "4"]  # each page asked for once, in order


def test_answers_not_read_are_given_up_when_the_consumer_stops() -> None:
    started: list[_Arriving] = []

    def start(cursor: str | None) -> _Arriving:
        n = 0 if cursor is None else int(cursor) + 1
        events = {m: threading.Event() for m in range(n, n + 2)}
        for event in events.values():
            event.set()
        page = _Arriving(n, 1000, events)
        started.append(page)
        return page

    before = threading.active_count()
    for page in PagePrefetcher(start, lambda p: None, None):
        if page == 2:
            break
    assert threading.active_count() == before
    # Every answer was read or given up (no connection is left half-read).
    assert all(p.finished or p.closed for p in started)
    assert len(started) <= 3 + 2 + 1 + 1  # used, two parsed ahead, one waiting, one asked
