"""The async engine and session factory, configured per backend.

SQLite (the embedded demo) needs foreign keys switched on per connection and SQLAlchemy owning
BEGIN (Python 3.11's sqlite3 module otherwise lets a released SAVEPOINT escape a rollback).
PostgreSQL connections are pinged on checkout so a dropped connection is replaced, not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


@dataclass
class StatementCounter:
    """How many SQL statements the current request sent (for the log line, metrics and tests)."""

    count: int = 0


_counter: ContextVar[StatementCounter | None] = ContextVar("tvs_statement_counter", default=None)


@contextmanager
def count_statements() -> Iterator[StatementCounter]:
    counter = StatementCounter()
    token = _counter.set(counter)
    try:
        yield counter
    finally:
        _counter.reset(token)


def _on_cursor_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    counter = _counter.get()
    # SQLite's BEGIN is sent as a statement, PostgreSQL's is not: count neither.
    if counter is not None and not statement.startswith("BEGIN"):
        counter.count += 1


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_on_begin)
    cursor = dbapi_conn.cursor()
    for pragma in (
        "foreign_keys=ON",
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "busy_timeout=10000",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
    # PostgreSQL's lower() folds every letter; SQLite's only ASCII. Make them agree.
    dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _sqlite_on_begin(conn: sa.Connection) -> None:
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one failing with
    # "database is locked" when it upgrades a read lock. Read-only work uses a plain BEGIN.
    mode = "IMMEDIATE" if conn.get_execution_options().get("sqlite_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    # hide_parameters: a failing statement's message (which ends up in the log) must not carry
    # its values, such as the BSN a filter asked for.
    if url.startswith("sqlite"):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 10}, hide_parameters=True)
        sa.event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine.sync_engine, "begin", _sqlite_on_begin)
    else:
        engine = create_async_engine(
            url,
            echo=echo,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            pool_recycle=1800,
            hide_parameters=True,
        )
    sa.event.listen(engine.sync_engine, "before_cursor_execute", _on_cursor_execute)
    return engine


def create_read_engine(
    url: str, *, pool_size: int = 20, write_engine: AsyncEngine | None = None
) -> AsyncEngine:
    """The engine requests read through (gateway/reader.py).

    On PostgreSQL a pool of its own whose connections are in autocommit: a read is one round
    trip, no BEGIN and ROLLBACK around it. It does not ping on checkout (a ping outside a
    transaction still costs three round trips with asyncpg); the Reader retries a statement once
    when its connection turns out to be dropped, and the pool then replaces every older
    connection. On SQLite the write engine serves (its Reader ends each read's transaction).
    """
    if url.startswith("sqlite"):
        assert write_engine is not None
        return write_engine
    engine = create_async_engine(
        url,
        isolation_level="AUTOCOMMIT",
        hide_parameters=True,  # a failing statement's parameters (a BSN) never reach a log
        pool_size=pool_size,
        max_overflow=pool_size // 2,
        pool_pre_ping=False,
        pool_recycle=1800,
    )
    sa.event.listen(engine.sync_engine, "before_cursor_execute", _on_cursor_execute)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def write_options(engine: AsyncEngine) -> dict[str, Any]:
    """Execution options for a write transaction (BEGIN IMMEDIATE on SQLite)."""
    return {"sqlite_write": True} if engine.dialect.name == "sqlite" else {}
