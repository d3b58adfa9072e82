"""Search as the officer types: prefix indexes for the partial last word, and bm25's column
weights stored with the index.

A prefix query such as `"ja"*` read the doclist of every term beginning with "ja" and merged
them (at 100,000 reports, tens of thousands of entries from hundreds of terms, each time a key
was pressed); with `prefix='1 2 3'` the index keeps a ready doclist for every prefix of one to
three characters, and a longer prefix matches few terms anyway. The index stays contentless
(`content=''`: the words are not stored twice; an external-content table would only add
snippets, which the inbox does not show). The weights (tracking id 10, title 4, content 1,
reporter name 2) become the table's `rank`, set once here instead of parsed in every query.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_VALUES = (
    "pk, tracking_id, title, json_extract(data, '$.content'), json_extract(data, '$.reporter.name')"
)
_COLUMNS = "rowid, tracking_id, title, content, reporter_name"
RANK = "bm25(10.0, 4.0, 1.0, 2.0)"


def _create(prefix: str) -> None:
    # The triggers of 0002 name the table, not its layout: they keep working on the new one.
    op.execute("DROP TABLE report_fts")
    op.execute(
        "CREATE VIRTUAL TABLE report_fts USING fts5("
        "tracking_id, title, content, reporter_name, content='', "
        f"tokenize='unicode61 remove_diacritics 2'{prefix})"
    )
    op.execute(f"INSERT INTO report_fts({_COLUMNS}) SELECT {_VALUES} FROM report")


def upgrade() -> None:
    _create(", prefix='1 2 3'")
    op.execute(f"INSERT INTO report_fts(report_fts, rank) VALUES ('rank', '{RANK}')")


def downgrade() -> None:
    _create("")
