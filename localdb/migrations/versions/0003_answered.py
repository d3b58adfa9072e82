"""`report.answered`: whether a follow-up answers the report for now, kept by triggers.

The "perlu tindak lanjut" count asked this of every open report through a correlated subquery
(tens of milliseconds at 100,000 reports). Triggers on `followup` (and on `report`, because a
page can bring a follow-up before its report) keep the flag whatever path writes the rows, and
`ix_report_status_answered` turns the count into an index range. `ix_followup_state_author`
covers the other two counts of the navigation (follow-ups waiting for approval, returned).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# A follow-up waiting for approval or published, or one with local work on its way, answers.
_ANSWERED_BY = (
    "EXISTS (SELECT 1 FROM followup WHERE followup.report_id = report.id AND "
    "(followup.state IN ('pending_approval', 'published') OR followup.local_state IS NOT NULL))"
)
_TRIGGERS = {
    "report_answered_insert": (
        "AFTER INSERT ON report BEGIN "
        f"UPDATE report SET answered = {_ANSWERED_BY} "
        f"WHERE pk = new.pk AND answered IS NOT {_ANSWERED_BY}; END"
    ),
    "followup_answered_insert": (
        "AFTER INSERT ON followup BEGIN "
        f"UPDATE report SET answered = {_ANSWERED_BY} WHERE id = new.report_id; END"
    ),
    "followup_answered_delete": (
        "AFTER DELETE ON followup BEGIN "
        f"UPDATE report SET answered = {_ANSWERED_BY} WHERE id = old.report_id; END"
    ),
    "followup_answered_update": (
        "AFTER UPDATE OF report_id, state, local_state ON followup BEGIN "
        f"UPDATE report SET answered = {_ANSWERED_BY} "
        "WHERE id IN (old.report_id, new.report_id); END"
    ),
}


def upgrade() -> None:
    # A plain ADD COLUMN (no table rebuild), so the search triggers on `report` stay as they are.
    op.add_column(
        "report", sa.Column("answered", sa.Boolean(), nullable=False, server_default=sa.text("0"))
    )
    op.create_index("ix_report_status_answered", "report", ["status", "answered"], unique=False)
    op.create_index(
        "ix_followup_state_author", "followup", ["state", "author_id", "local_state"], unique=False
    )
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(f"UPDATE report SET answered = {_ANSWERED_BY}")


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_index("ix_followup_state_author", table_name="followup")
    op.drop_index("ix_report_status_answered", table_name="report")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("answered")
