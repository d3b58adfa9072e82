"""A covering index for the officer's default list, "Perlu Tindak Lanjut".

The list reads reports with no answer yet, in deadline order. Read through `status` and the
report row, SQLite walked each candidate row past its JSON (overflow pages, each decrypted on an
encrypted profile): 1.2 s at 100,000 reports. With `answered, due_key, id, status` in one index
it walks the index in deadline order, filters the status there, and stops at the page's end.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_report_answered_due", "report", ["answered", "due_key", "id", "status"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_report_answered_due", table_name="report")
