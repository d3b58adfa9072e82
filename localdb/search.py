"""Full-text search over reports (FTS5 table `report_fts`, see migration 0002).

Tokens are folded for case and diacritics (`unicode61 remove_diacritics 2`), so "Pasar Baru",
"pasar baru" and "pásar" find the same reports. User input never reaches FTS5 syntax: it is cut
into words, each quoted and made a prefix, so quotes, `AND`, `*` or `-` are just text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Select, func, literal_column, select, text
from sqlalchemy.orm import Session

from localdb.models import Report

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
# bm25 column weights: tracking id, title, content, reporter name.
_RANK = "bm25(report_fts, 10.0, 4.0, 1.0, 2.0)"


@dataclass(frozen=True)
class SearchHit:
    id: str
    tracking_id: str | None
    title: str
    status: str
    rank: float  # lower is better (bm25)


def fts_query(user_text: str) -> str | None:
    """The FTS5 query for what the user typed: every word a prefix, all words required.

    "jalan rus" -> `"jalan"* "rus"*`, which finds "Jalan rusak". None when nothing searchable
    was typed.
    """
    words = _WORD.findall(user_text)[:MAX_TERMS]
    if not words:
        return None
    # \w+ never contains a double quote, so quoting cannot be broken out of.
    return " ".join(f'"{word}"*' for word in words)


def matching_report_pks(query: str) -> Select[tuple[int]]:
    """Row ids of reports matching an fts_query() string, for use in an IN (...) filter."""
    return (
        select(literal_column("rowid", type_=Report.pk.type))
        .select_from(text("report_fts"))
        .where(text("report_fts MATCH :fts_query").bindparams(fts_query=query))
    )


def search_reports(s: Session, user_text: str, *, limit: int = 50) -> list[SearchHit]:
    """Reports matching what the user typed, best first (bm25)."""
    query = fts_query(user_text)
    if query is None:
        return []
    rows = s.execute(
        text(
            f"SELECT r.id, r.tracking_id, r.title, r.status, {_RANK} AS rank "
            "FROM report_fts JOIN report r ON r.pk = report_fts.rowid "
            "WHERE report_fts MATCH :q ORDER BY rank LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    return [SearchHit(r.id, r.tracking_id, r.title, r.status, float(r.rank)) for r in rows]


def count_matches(s: Session, user_text: str) -> int:
    query = fts_query(user_text)
    if query is None:
        return 0
    stmt = select(func.count()).select_from(matching_report_pks(query).subquery())
    return int(s.scalar(stmt) or 0)
