"""The inbox's filters are read in the indexes the lists walk, not in every matching report.

Measured at 100,000 reports of the demo's mix (`bench/localdb.py`, encrypted, and with no
planner statistics, as an office's profile has none):

- A category chosen beside any list: the category's whole rows were sorted, each with its
  draft and news columns worked out first, to keep 100 (113-149 ms for a category of 13,261
  reports). `ix_report_category_rules` replaces `ix_report_category_id` with the columns every
  list's rules and both sort orders read: the page's ids are chosen in it, in deadline order
  without sorting at all, and only those rows are read whole.
- Status, classification and "unread only" by date: the planner looked the classification up
  in `ix_report_classification` (a third of all reports) and sorted those rows (440 ms). That
  index goes; the date order's index `ix_report_submitted_state` and the deadline order's
  `ix_report_due` carry the classification and the read flag, so a walk in either order
  checks them in the index and stops at the page's end.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

CATEGORY_RULES = [
    "category_id",
    "due_key",
    "id",
    "submitted_at",
    "status",
    "published",
    "answered",
    "classification",
    "is_read",
]
SUBMITTED_0012 = ["submitted_at", "id", "status", "published", "answered", "due_key"]
FILTERS = ["classification", "is_read"]


def upgrade() -> None:
    op.create_index("ix_report_category_rules", "report", CATEGORY_RULES, unique=False)
    op.drop_index("ix_report_category_id", table_name="report")
    op.drop_index("ix_report_classification", table_name="report")
    op.drop_index("ix_report_submitted_state", table_name="report")
    op.create_index("ix_report_submitted_state", "report", SUBMITTED_0012 + FILTERS, unique=False)
    op.drop_index("ix_report_due", table_name="report")
    op.create_index("ix_report_due", "report", ["due_key", "id", *FILTERS], unique=False)


def downgrade() -> None:
    op.drop_index("ix_report_due", table_name="report")
    op.create_index("ix_report_due", "report", ["due_key", "id"], unique=False)
    op.drop_index("ix_report_submitted_state", table_name="report")
    op.create_index("ix_report_submitted_state", "report", SUBMITTED_0012, unique=False)
    op.create_index("ix_report_classification", "report", ["classification"], unique=False)
    op.create_index("ix_report_category_id", "report", ["category_id"], unique=False)
    op.drop_index("ix_report_category_rules", table_name="report")
