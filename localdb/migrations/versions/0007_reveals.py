"""Who saw whom: an append-only record of every showing of a reporter's identity.

- `identity_reveal`: one row per showing (user, report, device, time); ids and times only.
- `identity_reveal_sent`: the ids the server has stored, so sending never rewrites a reveal.

Triggers refuse UPDATE and DELETE on both tables: no code path edits the record.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Fixed-width UTC text, spelled out so this revision never changes when the app's types do.
UTC_TEXT = sa.String(27)

_TABLES = ("identity_reveal", "identity_reveal_sent")


def _guards(table: str) -> dict[str, str]:
    return {
        f"{table}_no_{verb.lower()}": (
            f"BEFORE {verb} ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )
        for verb in ("UPDATE", "DELETE")
    }


def upgrade() -> None:
    op.create_table(
        "identity_reveal",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("report_id", sa.String(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_reveal")),
    )
    op.create_index(op.f("ix_identity_reveal_at"), "identity_reveal", ["at"], unique=False)
    op.create_table(
        "identity_reveal_sent",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("sent_at", UTC_TEXT, nullable=False),
        sa.Column("stored", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_reveal_sent")),
    )
    for table in _TABLES:
        for name, body in _guards(table).items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for table in reversed(_TABLES):
        for name in _guards(table):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("identity_reveal_sent")
    op.drop_index(op.f("ix_identity_reveal_at"), table_name="identity_reveal")
    op.drop_table("identity_reveal")
