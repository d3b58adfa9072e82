"""Column types shared by the local models and their migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from domain import clock

# Fixed width, always UTC: the text sorts in time order, so SQLite indexes and range filters on
# it work without date functions.
_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
UTC_TEXT_LENGTH = 27


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored as fixed-width UTC text (`2025-01-31T08:00:00.000000Z`)."""

    impl = String(UTC_TEXT_LENGTH)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return to_utc_text(value)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return from_utc_text(str(value))


def to_utc_text(value: dt.datetime) -> str:
    if value.tzinfo is None:
        # A naive time would be read back as UTC and shift by the office's offset: refuse it.
        raise ValueError("naive datetime given; pass a timezone-aware one")
    return value.astimezone(dt.UTC).strftime(_FORMAT)


def from_utc_text(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, _FORMAT).replace(tzinfo=dt.UTC)


def parse_wire_datetime(text: str | None) -> dt.datetime | None:
    """An ISO-8601 time from the server (with offset or `Z`) as an aware UTC datetime."""
    if not text:
        return None
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def parse_wire_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    return dt.date.fromisoformat(text[:10])


def utcnow() -> dt.datetime:
    return clock.now()
