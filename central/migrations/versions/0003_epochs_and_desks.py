"""The database's identity and epochs; desk numbers; receipt numbers indexed.

- `setting.database_id`: a random id made once, when this database is created (a copy or a
  backup keeps it, another database has another one);
- `server_epoch`: a row per server start (central/epochs.py);
- `desk_device`: the number of each desk PC within its agency, the device part of receipt
  numbers;
- `ix_report_receipt_number`: the duplicate check of `report.create` is an index lookup.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_epoch",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_epoch")),
        sa.UniqueConstraint("first_seq", name=op.f("uq_server_epoch_first_seq")),
    )
    op.create_table(
        "desk_device",
        sa.Column("agency_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_desk_device_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("agency_id", "device_id", name=op.f("pk_desk_device")),
    )
    with op.batch_alter_table("desk_device", schema=None) as batch_op:
        batch_op.create_index("uq_desk_device_number", ["agency_id", "number"], unique=True)
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_receipt_number"), ["receipt_number"], unique=False
        )
    setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(setting, [{"key": "database_id", "value": json.dumps(uuid.uuid4().hex)}])


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key = 'database_id'")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_receipt_number"))
    with op.batch_alter_table("desk_device", schema=None) as batch_op:
        batch_op.drop_index("uq_desk_device_number")
    op.drop_table("desk_device")
    op.drop_table("server_epoch")
