"""Initial schema: every table of the local database except the search index.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Times are fixed-width UTC text (localdb.sqltypes.UTCDateTime); spelled out here so this
# revision never changes when the app's types do.
UTC_TEXT = sa.String(27)


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TEXT, nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity_kind", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)

    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("mime", sa.String(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("upload_id", sa.String(), nullable=True),
        sa.Column("uploaded_offset", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blob")),
    )
    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_kind", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("op_id", sa.String(), nullable=True),
        sa.Column("local_payload", sa.JSON(), nullable=True),
        sa.Column("server_entity", sa.JSON(), nullable=True),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_TEXT, nullable=False),
        sa.Column("resolved_at", UTC_TEXT, nullable=True),
        sa.Column("resolution", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict")),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "draft",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("report_id", sa.String(), nullable=False),
        sa.Column("followup_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("template_code", sa.String(), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_TEXT, nullable=False),
        sa.Column("updated_at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
        sa.UniqueConstraint("followup_id", name=op.f("uq_draft_followup_id")),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_report_id"), ["report_id"], unique=False)

    op.create_table(
        "followup",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("report_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("state", sa.String(), nullable=True),
        sa.Column("author_id", sa.String(), nullable=True),
        sa.Column("updated_at", UTC_TEXT, nullable=False),
        sa.Column("local_state", sa.String(), nullable=True),
        sa.Column("local_data", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup")),
    )
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.create_index(
            "ix_followup_report", ["report_id", "state", "local_state"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_followup_state"), ["state"], unique=False)

    op.create_table(
        "intake",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("receipt_number", sa.String(), nullable=False),
        sa.Column("office_code", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("day_seq", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(), nullable=False),
        sa.Column("category_id", sa.String(), nullable=True),
        sa.Column("is_anonymous", sa.Boolean(), nullable=False),
        sa.Column("is_secret", sa.Boolean(), nullable=False),
        sa.Column("reporter", sa.JSON(), nullable=True),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.Column("incident_date", sa.Date(), nullable=True),
        sa.Column("received_at", UTC_TEXT, nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("local_state", sa.String(), nullable=False),
        sa.Column("tracking_id", sa.String(), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake")),
        sa.UniqueConstraint(
            "office_code", "day", "day_seq", name=op.f("uq_intake_office_code_day_day_seq")
        ),
        sa.UniqueConstraint("receipt_number", name=op.f("uq_intake_receipt_number")),
    )
    op.create_table(
        "local_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("user", sa.JSON(), nullable=True),
        sa.Column("verifier", sa.String(), nullable=True),
        sa.Column("verified_at", UTC_TEXT, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_local_user")),
    )
    op.create_table(
        "outbox",
        sa.Column("op_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC_TEXT, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_TEXT, nullable=False),
        sa.Column("done_at", UTC_TEXT, nullable=True),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("seq", name=op.f("uq_outbox_seq")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index("ix_outbox_state_seq", ["state", "seq"], unique=False)

    op.create_table(
        "reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("etag", sa.String(), nullable=False),
        sa.Column("fetched_at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference")),
    )
    op.create_table(
        "report",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("tracking_id", sa.String(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("classification", sa.String(), nullable=False),
        sa.Column("category_id", sa.String(), nullable=True),
        sa.Column("respond_by", sa.Date(), nullable=True),
        sa.Column("due_key", sa.String(), nullable=False),
        sa.Column("submitted_at", UTC_TEXT, nullable=False),
        sa.Column("updated_at", UTC_TEXT, nullable=False),
        sa.Column("is_secret", sa.Boolean(), nullable=False),
        sa.Column("agency", sa.String(), nullable=True),
        sa.Column("is_read", sa.Boolean(), nullable=False),
        sa.Column("local_state", sa.String(), nullable=True),
        sa.Column("pulled_at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_report")),
        sa.UniqueConstraint("id", name=op.f("uq_report_id")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_agency"), ["agency"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_category_id"), ["category_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_report_classification"), ["classification"], unique=False
        )
        batch_op.create_index("ix_report_due", ["due_key", "id"], unique=False)
        batch_op.create_index("ix_report_status_due", ["status", "due_key", "id"], unique=False)
        batch_op.create_index(
            "ix_report_status_submitted", ["status", "submitted_at", "id"], unique=False
        )
        batch_op.create_index("ix_report_submitted", ["submitted_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_tracking_id"), ["tracking_id"], unique=False)

    op.create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("endpoint", sa.String(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("bytes_sent", sa.Integer(), nullable=False),
        sa.Column("bytes_received", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("at", UTC_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_log")),
    )
    with op.batch_alter_table("sync_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_log_at"), ["at"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.String(), nullable=True),
        sa.Column("last_success_at", UTC_TEXT, nullable=True),
        sa.Column("last_attempt_at", UTC_TEXT, nullable=True),
        sa.Column("server_offset_seconds", sa.Double(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("reference_etag", sa.String(), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    with op.batch_alter_table("sync_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_log_at"))

    op.drop_table("sync_log")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_tracking_id"))
        batch_op.drop_index("ix_report_submitted")
        batch_op.drop_index("ix_report_status_submitted")
        batch_op.drop_index("ix_report_status_due")
        batch_op.drop_index("ix_report_due")
        batch_op.drop_index(batch_op.f("ix_report_classification"))
        batch_op.drop_index(batch_op.f("ix_report_category_id"))
        batch_op.drop_index(batch_op.f("ix_report_agency"))

    op.drop_table("report")
    op.drop_table("reference")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_state_seq")
        batch_op.drop_index(batch_op.f("ix_outbox_entity_id"))

    op.drop_table("outbox")
    op.drop_table("local_user")
    op.drop_table("intake")
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_followup_state"))
        batch_op.drop_index("ix_followup_report")

    op.drop_table("followup")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_report_id"))

    op.drop_table("draft")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_entity_id"))

    op.drop_table("conflict")
    op.drop_table("blob")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_at"))

    op.drop_table("audit")
