"""Tables of the SP4N-LAPOR! bridge: outbox, links, seen items, state.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lapor_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("hub_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lapor_id", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lapor_outbox")),
        sa.UniqueConstraint("kind", "hub_id", name="uq_lapor_outbox_kind_hub_id"),
    )
    with op.batch_alter_table("lapor_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_lapor_outbox_due", ["state", "next_attempt_at"], unique=False)
    op.create_table(
        "lapor_link",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("hub_id", sa.String(length=64), nullable=False),
        sa.Column("lapor_id", sa.String(length=40), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("status_name", sa.String(length=60), nullable=True),
        sa.Column("institution_id", sa.String(length=40), nullable=True),
        sa.Column("logs_seen", sa.Integer(), nullable=False),
        sa.Column("polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kind", "hub_id", name=op.f("pk_lapor_link")),
        sa.UniqueConstraint("kind", "lapor_id", name="uq_lapor_link_kind_lapor_id"),
    )
    op.create_table(
        "lapor_seen",
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("item_id", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("complaint_id", "item_id", name=op.f("pk_lapor_seen")),
    )
    op.create_table(
        "lapor_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_lapor_state")),
    )


def downgrade() -> None:
    op.drop_table("lapor_state")
    op.drop_table("lapor_seen")
    op.drop_table("lapor_link")
    with op.batch_alter_table("lapor_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_lapor_outbox_due")
    op.drop_table("lapor_outbox")
