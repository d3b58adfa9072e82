"""Alembic migrations of the local database, run from code when a profile opens.

Alembic (with Mako and friends) costs a few hundred milliseconds to import, so it is imported
only to migrate. Opening an up-to-date profile compares the stored revision with `REVISIONS`,
which a test keeps equal to the migration scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = Path(__file__).parent / "migrations"
# Every revision in `migrations/versions`, oldest first.
REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
)
HEAD = REVISIONS[-1]


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the search index to its hand-written migration: autogenerate cannot model FTS5."""
    return not (type_ == "table" and (name or "").startswith("report_fts"))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return HEAD


def is_known_revision(revision: str) -> bool:
    return revision in REVISIONS


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the database to `target`; each revision runs in one transaction."""
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
