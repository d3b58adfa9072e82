"""Indexes that let the inbox's lists stop at the page's end.

Measured at 100,000 reports (`bench/ui.py`), each list read far more than its page:

- "Lewat tenggat" in deadline order read every late report of the two open statuses through
  `ix_report_status_published_due` and sorted them all: 104 ms with 61,000 late. With
  `published, due_key, id, status` in one index it walks the unpublished reports in deadline
  order, filters the status there, and stops at the page's end (2 ms).
- The lists by date ("Tanggal masuk") with a status or deadline rule sorted every match the
  same way (up to 165 ms). `ix_report_submitted_state` replaces `ix_report_submitted` with the
  columns those rules read after the date, so the walk in date order filters in the index.
- "Kotak Keluar" checked every report for local work (150 ms with none); the partial index
  `ix_report_local` holds only the reports that have some.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_report_published_due", "report", ["published", "due_key", "id", "status"], unique=False
    )
    op.create_index(
        "ix_report_submitted_state",
        "report",
        ["submitted_at", "id", "status", "published", "answered", "due_key"],
        unique=False,
    )
    op.drop_index("ix_report_submitted", table_name="report")
    op.create_index(
        "ix_report_local",
        "report",
        ["id"],
        unique=False,
        sqlite_where=sa.text("local_state IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_report_local", table_name="report")
    op.create_index("ix_report_submitted", "report", ["submitted_at", "id"], unique=False)
    op.drop_index("ix_report_submitted_state", table_name="report")
    op.drop_index("ix_report_published_due", table_name="report")
