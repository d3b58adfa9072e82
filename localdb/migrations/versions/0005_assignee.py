"""Columns for assignment and the office's figures, so neither reads the report JSON.

- `report.assignee_id`: the officer a report is assigned to inside the office (copied from
  `disposition.assignee_id` on every pull, set at once by a supervisor's local `report.assign`),
  indexed with `status` for the officer's "Ditugaskan kepada Saya" box.
- `report.disposed_on`: the WIB day the report was disposed to the office (copied on pull).
- `report.answered_on`: the WIB day its first follow-up was published, kept by triggers on
  `followup` as `answered` and `published` are.
- `report.handoff_asked`: a hand-off to another agency was asked for (from the history, on pull).

The new columns sit after the report's JSON in each row, so a query that reads them from the
table walks that JSON's overflow pages: the two indexes below cover what the officer's box and
the office's figures read, so those queries never touch the table.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ASSIGNEE_INDEX = ("assignee_id", "status", "answered")
FIGURES_INDEX = (
    "agency",
    "disposed_on",
    "assignee_id",
    "answered_on",
    "respond_by",
    "status",
    "published",
    "due_key",
    "handoff_asked",
    "id",
)

_ANSWERED_ON = (
    "(SELECT min(date(json_extract(followup.data, '$.review.at'), '+7 hours')) FROM followup "
    "WHERE followup.report_id = report.id AND followup.state = 'published')"
)
_TRIGGERS = {
    "report_answered_on_insert": (
        "AFTER INSERT ON report BEGIN "
        f"UPDATE report SET answered_on = {_ANSWERED_ON} "
        f"WHERE pk = new.pk AND answered_on IS NOT {_ANSWERED_ON}; END"
    ),
    "followup_answered_on_insert": (
        "AFTER INSERT ON followup WHEN new.state = 'published' BEGIN "
        f"UPDATE report SET answered_on = {_ANSWERED_ON} WHERE id = new.report_id; END"
    ),
    "followup_answered_on_delete": (
        "AFTER DELETE ON followup WHEN old.state = 'published' BEGIN "
        f"UPDATE report SET answered_on = {_ANSWERED_ON} WHERE id = old.report_id; END"
    ),
    "followup_answered_on_update": (
        "AFTER UPDATE OF report_id, state, data ON followup BEGIN "
        f"UPDATE report SET answered_on = {_ANSWERED_ON} "
        "WHERE id IN (old.report_id, new.report_id); END"
    ),
}


def upgrade() -> None:
    op.add_column("report", sa.Column("assignee_id", sa.String(), nullable=True))
    op.add_column("report", sa.Column("disposed_on", sa.String(), nullable=True))
    op.add_column("report", sa.Column("answered_on", sa.String(), nullable=True))
    op.add_column(
        "report",
        sa.Column("handoff_asked", sa.Boolean(), nullable=False, server_default=sa.text("0")),
    )
    op.create_index("ix_report_assignee_status", "report", list(ASSIGNEE_INDEX), unique=False)
    op.create_index("ix_report_agency_disposed", "report", list(FIGURES_INDEX), unique=False)
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        "UPDATE report SET assignee_id = json_extract(data, '$.disposition.assignee_id'), "
        "disposed_on = date(json_extract(data, '$.disposition.disposed_at'), '+7 hours'), "
        "handoff_asked = (instr(json_extract(data, '$.history'), '\"handoff_requested\"') > 0)"
    )
    op.execute(f"UPDATE report SET answered_on = {_ANSWERED_ON}")


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_index("ix_report_agency_disposed", table_name="report")
    op.drop_index("ix_report_assignee_status", table_name="report")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("handoff_asked")
        batch_op.drop_column("answered_on")
        batch_op.drop_column("disposed_on")
        batch_op.drop_column("assignee_id")
