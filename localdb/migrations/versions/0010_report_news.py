"""Marks for new and updated reports: what the pulls brought, and who has seen it.

- `report_news`: one row per report with something to notice ("new" or "updated") and a rising
  number.
- `report_seen`: per user and report, the number they had seen when they last opened it.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Fixed-width UTC text, spelled out so this revision never changes when the app's types do.
UTC_TEXT = sa.String(27)


def upgrade() -> None:
    op.create_table(
        "report_news",
        sa.Column("report_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_news")),
    )
    op.create_table(
        "report_seen",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("report_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "report_id", name=op.f("pk_report_seen")),
    )


def downgrade() -> None:
    op.drop_table("report_seen")
    op.drop_table("report_news")
