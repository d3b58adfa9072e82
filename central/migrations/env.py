"""Alembic environment: run from code by `central.db.upgrade(url)` with a ready connection."""

from __future__ import annotations

from alembic import context

from central.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through central.db.upgrade(url)")
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
    # The connection is the caller's; commit what the migration did.
    if connection.in_transaction():
        connection.commit()


run_migrations_online()
