"""`sync_state.server_mark`: the last mark (database id, epoch, change number) the server sent.

Sent back with every request, so a server restored from an older backup, or one running on
another database, tells the client instead of silently forgetting what it acknowledged
(docs/sync.md, "A server that went back in time").

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("server_mark", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("server_mark")
