"""`report.published`: whether a published follow-up has met the report's deadline.

The follow-up deadline is met once a follow-up is published (`domain.deadlines.running_deadline`).
The overdue and due-soon filters and counts read this flag beside `status` and `due_key`, kept by
triggers as `answered` is (migration 0003), so they stay index ranges at 100,000 reports.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_PUBLISHED_BY = (
    "EXISTS (SELECT 1 FROM followup WHERE followup.report_id = report.id AND "
    "followup.state = 'published')"
)
_TRIGGERS = {
    "report_published_insert": (
        "AFTER INSERT ON report BEGIN "
        f"UPDATE report SET published = {_PUBLISHED_BY} "
        f"WHERE pk = new.pk AND published IS NOT {_PUBLISHED_BY}; END"
    ),
    "followup_published_insert": (
        "AFTER INSERT ON followup BEGIN "
        f"UPDATE report SET published = {_PUBLISHED_BY} WHERE id = new.report_id; END"
    ),
    "followup_published_delete": (
        "AFTER DELETE ON followup BEGIN "
        f"UPDATE report SET published = {_PUBLISHED_BY} WHERE id = old.report_id; END"
    ),
    "followup_published_update": (
        "AFTER UPDATE OF report_id, state ON followup BEGIN "
        f"UPDATE report SET published = {_PUBLISHED_BY} "
        "WHERE id IN (old.report_id, new.report_id); END"
    ),
}


def upgrade() -> None:
    op.add_column(
        "report", sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.text("0"))
    )
    op.create_index(
        "ix_report_status_published_due",
        "report",
        ["status", "published", "due_key"],
        unique=False,
    )
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(f"UPDATE report SET published = {_PUBLISHED_BY}")


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_index("ix_report_status_published_due", table_name="report")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("published")
