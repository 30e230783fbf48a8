"""Write transactions: every mutation is one, holding its change, its access-log record, its
notifications and their e-mails. Nothing of it exists unless all of it commits.

On SQLite the transaction starts with BEGIN IMMEDIATE (db/session.py), so concurrent writers queue
for the write lock instead of failing when they upgrade a read lock. On PostgreSQL the rows a write
depends on are locked with ``SELECT ... FOR UPDATE`` by the caller.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncConnection

from db.enums import Gegevensgroep as G
from db.session import write_options
from gateway.audit import AuditLog
from gateway.notify import Event

if TYPE_CHECKING:
    from gateway.context import Context


@dataclass
class WriteTransaction:
    conn: AsyncConnection
    audit: AuditLog
    events: list[Event] = field(default_factory=list)
    mails: int = 0

    def changed(self, v_nummer: str | None, handeling: str, groups: Iterable[G] = ()) -> None:
        """Record what this account did; written in this transaction."""
        self.audit.changed(v_nummer, handeling, groups)

    def publish(self, account_id: int, notificatie_id: int | None = None) -> None:
        """Tell the account's subscriptions, once committed (None: re-check your access)."""
        self.events.append(Event(account_id, notificatie_id))


def operation_label(ctx: Context) -> str | None:
    """The operation name, or for an anonymous operation its type and root fields."""
    if ctx.audit.operatie:
        return ctx.audit.operatie
    if ctx.analysis is None:
        return None
    op = ctx.analysis.operation
    roots = sorted({s.name.value for s in op.selection_set.selections if hasattr(s, "name")})
    return f"{op.operation.value} {','.join(roots)}"[:200]


@asynccontextmanager
async def write_transaction(ctx: Context) -> AsyncIterator[WriteTransaction]:
    """One transaction for one write. Raise inside it to roll everything back."""
    engine = ctx.engine
    audit = AuditLog(ctx.principal, ctx.audit.trace, operation_label(ctx))
    # Never hold two connections: the request's read connection goes back to the pool first
    # (it reopens for the reads after the write), so concurrent writers cannot starve the pool.
    await ctx.reader.close()
    async with engine.connect() as conn:
        await conn.execution_options(**write_options(engine))
        async with conn.begin():
            tx = WriteTransaction(conn=conn, audit=audit)
            yield tx
            await audit.write(conn, ctx.audit_cipher)
            if tx.events and ctx.notifier is not None:
                await ctx.notifier.fanout.in_transaction(conn, tx.events)
    if ctx.notifier is not None:
        ctx.notifier.committed(tx.events, tx.mails)
