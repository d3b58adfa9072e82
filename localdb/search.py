"""Full-text search over reports (FTS5 table `report_fts`, migrations 0002 and 0011).

Tokens are folded for case and diacritics (`unicode61 remove_diacritics 2`), so "Pasar Baru",
"pasar baru" and "pásar" find the same reports. User input never reaches FTS5 syntax: it is cut
into words, each quoted and made a prefix, so quotes, `AND`, `*` or `-` are just text. The index
keeps prefixes of one to three characters, so the word being typed costs one doclist read.

Two shapes of query, so a search stops at the page it shows:

- ranked (`search_reports`): FTS5 orders its hits by the table's `rank` (bm25 with the column
  weights stored once, migration 0011) and only the page's rows are joined to the report table;
- in the inbox's order (`inbox_condition`): a search with few hits looks each hit up and sorts
  them; one with many (`BROAD_HITS` or more) is a set the inbox walks its own sort index
  against, stopping at the page's end instead of reading and sorting every hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, literal_column, select, text
from sqlalchemy.orm import Session

from localdb.models import Report

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
# From this many hits on, the inbox walks its sort index instead of sorting the hits.
BROAD_HITS = 500


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


def is_broad(s: Session, query: str) -> bool:
    """Whether an fts_query() string has BROAD_HITS hits or more (counting stops there)."""
    stmt = text(
        "SELECT count(*) FROM (SELECT 1 FROM report_fts WHERE report_fts MATCH :q LIMIT :n)"
    )
    return int(s.scalar(stmt, {"q": query, "n": BROAD_HITS}) or 0) >= BROAD_HITS


def inbox_condition(s: Session, query: str) -> ColumnElement[bool]:
    """The inbox's filter for an fts_query() string, shaped by how many reports it hits.

    Few hits: `pk IN (hits)` lets SQLite look each one up and sort them. Many: `pk + 0` keeps
    SQLite from looking hits up by key, so it walks the inbox's sort index and tests each row
    against the set of hits (built once), until the page is full."""
    hits = matching_report_pks(query)
    if is_broad(s, query):
        return (Report.pk + 0).in_(hits)
    return Report.pk.in_(hits)


def search_reports(s: Session, user_text: str, *, limit: int = 50) -> list[SearchHit]:
    """Reports matching what the user typed, best first (bm25)."""
    query = fts_query(user_text)
    if query is None:
        return []
    # FTS5 ranks inside the virtual table (top `limit` kept); only those rows are joined.
    rows = s.execute(
        text(
            "SELECT r.id, r.tracking_id, r.title, r.status, f.rank FROM "
            "(SELECT rowid, rank FROM report_fts WHERE report_fts MATCH :q "
            "ORDER BY rank LIMIT :limit) AS f "
            "JOIN report r ON r.pk = f.rowid ORDER BY f.rank"
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
