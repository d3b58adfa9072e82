"""Who saw whom: an append-only record of every showing of a reporter's identity.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_reveal",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=100), nullable=False),
        sa.Column("report_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_reveal")),
    )
    op.create_index("ix_identity_reveal_report", "identity_reveal", ["report_id", "at"])
    op.create_index("ix_identity_reveal_user", "identity_reveal", ["user_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_identity_reveal_user", table_name="identity_reveal")
    op.drop_index("ix_identity_reveal_report", table_name="identity_reveal")
    op.drop_table("identity_reveal")
