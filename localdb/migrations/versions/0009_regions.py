"""The regions of the office's kabupaten/kota, for the desk's picker and for region names.

- `region`: each kecamatan and kelurahan/desa (code, name, parent code).
- `region_set`: one row, which kabupaten/kota they belong to and the server's ETag for them.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Fixed-width UTC text, spelled out so this revision never changes when the app's types do.
UTC_TEXT = sa.String(27)


def upgrade() -> None:
    op.create_table(
        "region",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("parent", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
    )
    op.create_index(op.f("ix_region_parent"), "region", ["parent"], unique=False)
    op.create_table(
        "region_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regency_code", sa.String(), nullable=False),
        sa.Column("regency_name", sa.String(), nullable=False),
        sa.Column("etag", sa.String(), nullable=False),
        sa.Column("fetched_at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_set")),
    )


def downgrade() -> None:
    op.drop_table("region_set")
    op.drop_index(op.f("ix_region_parent"), table_name="region")
    op.drop_table("region")
