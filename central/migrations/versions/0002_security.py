"""Security: who created a report, session limits, login throttling indexes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("created_by_user_id", sa.String(length=64), nullable=True))
    with op.batch_alter_table("token") as batch:
        batch.add_column(sa.Column("family_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("retried_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "blob_owner",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "user_id", name=op.f("pk_blob_owner")),
    )
    op.execute(
        "INSERT INTO blob_owner (sha256, user_id, created_at) "
        "SELECT sha256, uploaded_by, created_at FROM blob WHERE uploaded_by IS NOT NULL"
    )
    with op.batch_alter_table("login_attempt") as batch:
        batch.add_column(sa.Column("device_id", sa.String(length=100), nullable=True))
    op.create_index("ix_login_attempt_at", "login_attempt", ["at"])
    op.create_index("ix_login_attempt_client", "login_attempt", ["client", "at"])
    op.create_index("ix_login_attempt_user", "login_attempt", ["username", "at"])


def downgrade() -> None:
    op.drop_index("ix_login_attempt_user", table_name="login_attempt")
    op.drop_table("blob_owner")
    op.drop_index("ix_login_attempt_client", table_name="login_attempt")
    op.drop_index("ix_login_attempt_at", table_name="login_attempt")
    with op.batch_alter_table("login_attempt") as batch:
        batch.drop_column("device_id")
    with op.batch_alter_table("token") as batch:
        batch.drop_column("retried_at")
        batch.drop_column("family_expires_at")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("created_by_user_id")
