"""The database connection one request reads through.

A request's reads (the principal, every loader batch, pages and counts, the compiled statement)
go over one connection, taken from the pool on first use and returned when the request ends.
Before, each of them checked a connection out of the pool, pinged it, began a transaction and
rolled it back: four round trips and a pool checkout around every statement. Reads run one at a
time over the connection (loader batches of the same tick queue on a lock for a few
milliseconds each); writes keep their own transactions (gateway/writes.py).

On PostgreSQL reads run in autocommit (a pool of their own), so every statement sees the latest
committed data, as it did with a connection per statement. SQLite ends its implicit transaction
after each statement for the same reason: a write committed in between is seen by the next read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class Reader:
    def __init__(self, engine: AsyncEngine) -> None:
        """`engine`: the read engine (db/session.py: create_read_engine)."""
        self.engine = engine
        self._conn: AsyncConnection | None = None
        self._used = False
        self._lock = asyncio.Lock()
        self._sqlite = engine.dialect.name == "sqlite"

    async def _execute(self, statement: Executable, params: Any) -> Any:
        """Execute on the request's connection. A connection that turns out to be dropped (the
        database restarted, a firewall cut it) is replaced once, before anything was read on it."""
        for attempt in (1, 2):
            if self._conn is None:
                self._conn, self._used = await self.engine.connect(), False
            conn = self._conn
            try:
                result = await conn.execute(statement, params)
            except DBAPIError as exc:
                await self._discard()
                if exc.connection_invalidated and not self._used and attempt == 1:
                    continue
                raise
            except BaseException:
                await self._discard()
                raise
            self._used = True
            return result
        raise AssertionError("unreachable")

    async def all(self, statement: Executable, params: Any = None) -> Sequence[Row[Any]]:
        async with self._lock:
            rows: Sequence[Row[Any]] = (await self._execute(statement, params)).all()
            if self._sqlite and self._conn is not None:
                await self._conn.commit()
            return rows

    async def first(self, statement: Executable, params: Any = None) -> Row[Any] | None:
        rows = await self.all(statement, params)
        return rows[0] if rows else None

    async def scalar(self, statement: Executable, params: Any = None) -> Any:
        row = await self.first(statement, params)
        return row[0] if row is not None else None

    async def write(self, statement: Executable, params: Any = None) -> None:
        """One statement that commits by itself (the access log's insert)."""
        async with self._lock:
            await self._execute(statement, params)
            if self._sqlite and self._conn is not None:
                await self._conn.commit()

    async def _discard(self) -> None:
        """After a failure the connection goes back to the pool (which resets or replaces it)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    async def close(self) -> None:
        async with self._lock:
            await self._discard()
