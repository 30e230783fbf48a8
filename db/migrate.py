"""Alembic, driven from code: `tvs-gateway migrate` and the tests use these functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Upgrade to `revision`. Runs its own event loop: call it from a thread when one is running."""
    command.upgrade(alembic_config(database_url), revision)


def include_object_for(dialect: str) -> Any:
    """Alembic's `include_object` for `dialect`: leaves out what exists on other backends only
    (an index made with `.ddl_if(dialect="postgresql")`, such as the access log's GIN index)."""

    def include_object(obj: Any, _name: Any, type_: str, _reflected: bool, _compare_to: Any) -> bool:
        ddl_if = getattr(obj, "_ddl_if", None)
        return not (type_ == "index" and ddl_if is not None and ddl_if.dialect not in (None, dialect))

    return include_object
