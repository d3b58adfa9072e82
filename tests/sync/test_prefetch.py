"""The page prefetcher: in order, errors in place, and it stops when the consumer does."""

from __future__ import annotations

import threading

import pytest

from sync.prefetch import PagePrefetcher


def _feed(pages: int, fail_at: int | None = None) -> tuple[list[str | None], object]:
    asked: list[str | None] = []

    def fetch(cursor: str | None) -> int:
        asked.append(cursor)
        n = 0 if cursor is None else int(cursor) + 1
        if n == fail_at:
            raise ConnectionError(f"cut at page {n}")
        return n

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
