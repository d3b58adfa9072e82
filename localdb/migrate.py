"""Alembic migrations of the local database, run from code when a profile opens."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

SCRIPT_LOCATION = Path(__file__).parent / "migrations"


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the search index to its hand-written migration: autogenerate cannot model FTS5."""
    return not (type_ == "table" and (name or "").startswith("report_fts"))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def is_known_revision(revision: str) -> bool:
    return any(rev.revision == revision for rev in script_directory().walk_revisions())


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the database to `target`; each revision runs in one transaction."""
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
