"""Alembic environment: always online, on the connection that localdb.migrate hands over."""

from __future__ import annotations

from alembic import context

from localdb.migrate import include_object
from localdb.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=True,
    include_object=include_object,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
