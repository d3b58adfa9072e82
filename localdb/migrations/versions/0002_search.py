"""Full-text search over reports (FTS5), kept in step with the report table by triggers.

The index is contentless (`content=''`): it holds only the token index, not a second copy of
every text. Deleting from a contentless index needs the old values, which the triggers read
back from the row being deleted or updated.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_VALUES = (
    "{r}.pk, {r}.tracking_id, {r}.title, json_extract({r}.data, '$.content'), "
    "json_extract({r}.data, '$.reporter.name')"
)
_COLUMNS = "rowid, tracking_id, title, content, reporter_name"


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE report_fts USING fts5("
        "tracking_id, title, content, reporter_name, content='', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    insert_new = f"INSERT INTO report_fts({_COLUMNS}) VALUES ({_VALUES.format(r='new')});"
    delete_old = (
        f"INSERT INTO report_fts(report_fts, {_COLUMNS}) "
        f"VALUES ('delete', {_VALUES.format(r='old')});"
    )
    op.execute(f"CREATE TRIGGER report_fts_insert AFTER INSERT ON report BEGIN {insert_new} END")
    op.execute(f"CREATE TRIGGER report_fts_delete AFTER DELETE ON report BEGIN {delete_old} END")
    op.execute(
        "CREATE TRIGGER report_fts_update AFTER UPDATE OF tracking_id, title, data ON report "
        f"BEGIN {delete_old} {insert_new} END"
    )
    op.execute(
        f"INSERT INTO report_fts({_COLUMNS}) SELECT {_VALUES.format(r='report')} FROM report"
    )


def downgrade() -> None:
    for trigger in ("report_fts_insert", "report_fts_delete", "report_fts_update"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE report_fts")
