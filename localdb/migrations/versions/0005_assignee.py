"""`report.assignee_id`: the officer a report is assigned to inside the office.

Copied from `disposition.assignee_id` on every pull (and set at once by a supervisor's local
`report.assign`), indexed with `status` for the officer's "Ditugaskan kepada saya" box.

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


def upgrade() -> None:
    op.add_column("report", sa.Column("assignee_id", sa.String(), nullable=True))
    op.create_index("ix_report_assignee_status", "report", ["assignee_id", "status"], unique=False)
    op.execute("UPDATE report SET assignee_id = json_extract(data, '$.disposition.assignee_id')")


def downgrade() -> None:
    op.drop_index("ix_report_assignee_status", table_name="report")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("assignee_id")
